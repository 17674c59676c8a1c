// The globals the Lambda Node.js runtime provides to response-streaming handlers.
import type { Writable } from 'node:stream';

declare global {
  namespace awslambda {
    type ResponseStream = Writable & { setContentType(contentType: string): void };
    type StreamingHandler<TEvent> = (event: TEvent, responseStream: ResponseStream, context: { readonly awsRequestId: string }) => Promise<void>;
    function streamifyResponse<TEvent>(handler: StreamingHandler<TEvent>, options?: { highWaterMark?: number }): StreamingHandler<TEvent>;
    const HttpResponseStream: {
      from(responseStream: ResponseStream, metadata: { statusCode?: number; headers?: Record<string, string>; cookies?: string[] }): ResponseStream;
    };
  }
}
