import { validateHeaderValue } from 'node:http';
import { Writable } from 'node:stream';

/** Lambda's error for streaming misuse, named as the runtime names it. */
export class InvalidStreamingOperation extends Error {
  override readonly name = 'Runtime.InvalidStreamingOperation';
}

export const defaultStreamContentType = 'application/octet-stream';

/**
 * The `responseStream` a streaming handler writes to, behaving like the
 * managed runtime's (aws-lambda-ric's ResponseStream):
 * - `setContentType` works only before the first `write`;
 * - a chunk that is not a string, Buffer or Uint8Array is JSON-stringified;
 * - `_onBeforeFirstWrite` (set by `HttpResponseStream.from`) writes the
 *   prelude on the first `write` only, so `from(…)` then `end()` sends nothing
 *   (the runtime's known behaviour, docs/protocol/lambda-streaming.md#programming-model).
 * The bytes flow to `output` (a web stream) as written, one chunk at a time
 * as the reader takes them.
 */
export class InProcessResponseStream extends Writable {
  readonly output: ReadableStream<Uint8Array>;
  contentType = defaultStreamContentType;
  _onBeforeFirstWrite: ((write: (chunk: string | Uint8Array) => void) => void) | undefined;
  private writeCalled = false;
  private started = false;
  private outputOpen = true;
  private controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  /** The callback of the write waiting for the reader. */
  private waitingWrite: (() => void) | undefined;
  private readonly onStart: (contentType: string) => void;

  /** `onStart` runs once, when the first bytes go out or the stream ends: when the response starts. */
  constructor(onStart: (contentType: string) => void, highWaterMark?: number) {
    super(highWaterMark === undefined ? {} : { highWaterMark });
    this.onStart = onStart;
    // Like the runtime's response request, the stream always has an error listener:
    // a failed stream is for the handler to notice, never a crash of the host.
    this.on('error', () => undefined);
    this.output = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        pull: () => this.releaseWrite(),
        // A reader that goes away (the client disconnected) is seen by the handler as a failed stream.
        cancel: () => this.stop(),
      },
      { highWaterMark: 0 },
    );
  }

  /**
   * Ends the response here: the output closes (quietly: what was sent stays
   * sent) and the handler's later writes fail, as when the client goes away
   * or the invocation ends.
   */
  stop(): void {
    this.closeOutput();
    if (!this.writableFinished) this.destroy(new Error('The response stream was closed by the client.'));
  }

  /** Closes the output once; safe after the reader cancelled it. */
  closeOutput(): void {
    if (!this.outputOpen) return;
    this.outputOpen = false;
    this.controller?.close();
    this.releaseWrite();
  }

  private releaseWrite(): void {
    const resume = this.waitingWrite;
    this.waitingWrite = undefined;
    resume?.();
  }

  setContentType(contentType: string): void {
    if (this.writeCalled) throw new InvalidStreamingOperation('Cannot set content-type, too late.');
    // The runtime sets it as a request header, so Node refuses what no header can carry (a line break): the same TypeError here.
    validateHeaderValue('Content-Type', contentType);
    this.contentType = contentType;
  }

  override write(chunk: unknown, encoding?: BufferEncoding | ((error?: Error | null) => void), callback?: (error?: Error | null) => void): boolean {
    const data = typeof chunk === 'string' || chunk instanceof Uint8Array ? chunk : JSON.stringify(chunk);
    if (!this.writeCalled) {
      const prelude = this._onBeforeFirstWrite;
      this.writeCalled = true;
      prelude?.((part) => super.write(part));
    }
    return typeof encoding === 'function' ? super.write(data, encoding) : super.write(data, encoding ?? 'utf8', callback);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.start();
    if (!this.outputOpen) {
      callback();
      return;
    }
    this.controller?.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    // Wait until the reader takes it: back-pressure reaches the handler's writes.
    if ((this.controller?.desiredSize ?? 0) > 0) callback();
    else this.waitingWrite = () => callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.start();
    this.closeOutput();
    callback();
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.onStart(this.contentType);
  }
}

/**
 * The handler's view of the stream: only what the runtime's restricted
 * Writable offers (write, end, setContentType, events…), like the managed
 * runtime's `writableStreamOnly`.
 */
export function restrictedView(stream: InProcessResponseStream): object {
  const methods = ['cork', 'destroy', 'end', 'uncork', 'write', 'addListener', 'emit', 'eventNames', 'getMaxListeners', 'listenerCount', 'listeners', 'off', 'on', 'once', 'prependListener', 'prependOnceListener', 'rawListeners', 'removeAllListeners', 'removeListener', 'setMaxListeners', 'setContentType'] as const;
  const view: Record<string, unknown> = Object.fromEntries(methods.map((name) => [name, (stream[name] as (...args: unknown[]) => unknown).bind(stream)]));
  for (const name of ['destroyed', 'writable', '_onBeforeFirstWrite'] as const) {
    Object.defineProperty(view, name, { get: () => stream[name], set: (value: never) => ((stream as unknown as Record<string, unknown>)[name] = value), enumerable: true });
  }
  for (const name of ['writableFinished', 'writableObjectMode', 'writableEnded', 'writableNeedDrain', 'writableHighWaterMark', 'writableCorked', 'writableLength'] as const) {
    Object.defineProperty(view, name, { get: () => stream[name], enumerable: true });
  }
  return view;
}
