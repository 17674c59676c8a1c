// The Lambda API of the local host, with the unmodified @aws-sdk/client-lambda: InvokeWithResponseStream.
// Run the emulator and the chat function first (npm run demo), then: node examples/lambda-invoke-stream.mjs
import { InvokeWithResponseStreamCommand, LambdaClient } from '@aws-sdk/client-lambda';

const lambda = new LambdaClient({
  endpoint: process.env.LAMBDA_ENDPOINT ?? 'http://127.0.0.1:9000',
  region: 'us-east-1',
  credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' },
});
// The chat function takes a Function URL event; through the Lambda API you pass one yourself.
const event = { version: '2.0', rawPath: '/', headers: {}, requestContext: { http: { method: 'POST' } }, body: JSON.stringify({ prompt: 'Tell me a story' }), isBase64Encoded: false };
const response = await lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'chat-stream', Payload: JSON.stringify(event) }));
// The function opens its stream with HttpResponseStream.from: a JSON prelude, then 8 NUL bytes.
const delimiter = '\u0000'.repeat(8);
const decoder = new TextDecoder();
let head = '';
let inBody = false;
for await (const item of response.EventStream) {
  if (item.PayloadChunk) {
    const text = decoder.decode(item.PayloadChunk.Payload, { stream: true });
    if (inBody) {
      process.stdout.write(text);
      continue;
    }
    head += text;
    const at = head.indexOf(delimiter);
    if (at !== -1) {
      console.log(`prelude: ${head.slice(0, at)}`);
      process.stdout.write(head.slice(at + delimiter.length));
      inBody = true;
    }
  }
  if (item.InvokeComplete?.ErrorCode) console.error(`\nfunction error: ${item.InvokeComplete.ErrorDetails}`);
}
console.log();
lambda.destroy();
