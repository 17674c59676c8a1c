import { EventStreamCodec } from '@smithy/eventstream-codec';
import path from 'node:path';
import { routeOf } from '../apis/registry.ts';
import { defineFixtures } from '../core/fixtures/parse-fixtures.ts';
import { lastUserMessageText, type NormalizedRequest, type Operation } from '../core/fixtures/request.ts';
import type { Fixture } from '../core/fixtures/fixture.ts';
import { FileExistsError, writeFileAtomically } from '../adapters/node/write-file-atomically.ts';
import { fixtureFromExchange, type MatchField, type RecordableOperation, type RecordedExchange, type RecordedMessage } from './fixture-from-exchange.ts';
import { recordingFileName } from './recording-file-name.ts';
import { tryParseJson } from '../core/fixtures/try-parse-json.ts';
import { BedrockException } from '../core/errors/bedrock-exception.ts';
import { createEmulator, type Emulator } from '../emulator/create-emulator.ts';
import { renderExceptionResponse, toBedrockException } from '../emulator/call/error-response.ts';
import { readBodyBytes } from '../emulator/call/read-json-body.ts';
import { signUpstream, type UpstreamAuth } from './sign-upstream.ts';
import { upstreamTarget } from './upstream-target.ts';

export type RecordMode = 'record-all' | 'record-missing';

export type RecorderOptions = {
  /** Bedrock Runtime's endpoint, e.g. `https://bedrock-runtime.us-east-1.amazonaws.com`. */
  readonly upstream: string;
  /** Mantle's, for its paths (`/v1/…`, `/anthropic/v1/…`), e.g. `https://bedrock-mantle.us-east-1.api.aws`; default: `upstream`. */
  readonly mantleUpstream?: string;
  /** The region signatures are scoped to. */
  readonly region: string;
  readonly auth: UpstreamAuth;
  /** Where fixtures are written (created if missing). */
  readonly fixturesDir: string;
  readonly matchBy: readonly MatchField[];
  readonly exactTiming: boolean;
  /** Overwrite a fixture file of the same name instead of writing beside it. */
  readonly force: boolean;
  /** `record-missing`: answer from `fixtures` what one matches, record the rest. */
  readonly mode: RecordMode;
  /** The fixtures `record-missing` replays (those in `fixturesDir` and any others loaded). */
  readonly fixtures?: readonly Fixture[];
  /** Told of each fixture written, and of each call not recorded (and why). */
  readonly onRecorded?: (event: RecordEvent) => void;
  /** The clock timings are measured on. */
  readonly now?: () => number;
};

export type RecordEvent =
  | { readonly kind: 'recorded'; readonly file: string; readonly operation: RecordableOperation; readonly firstTokenMs: number | undefined }
  | { readonly kind: 'replayed'; readonly operation: Operation; readonly fixture: string }
  | { readonly kind: 'not-recorded'; readonly operation: RecordableOperation | undefined; readonly reason: string };

/** Headers of the upstream's answer that belong to its connection or that fetch has undone. */
const notPassedBack = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding']);

const codec = new EventStreamCodec(
  (bytes: Uint8Array) => new TextDecoder().decode(bytes),
  (text: string) => new TextEncoder().encode(text),
);

/**
 * A proxy that sits where Bedrock's endpoint would: every call is forwarded
 * to the real endpoint, re-signed with the recorder's own credentials, and
 * its answer passed back unchanged and as it arrives, while the answer is
 * read on the way — frames and when each came — and written as a fixture
 * that replays it. In `record-missing` mode, calls a fixture already answers
 * are served from it.
 *
 * @example
 * const recorder = createRecorder({ upstream, region, auth, fixturesDir: 'fixtures/recorded', matchBy: ['model', 'last-user-message'], exactTiming: false, force: false, mode: 'record-all' });
 * await listen(recorder.fetch, { port: 4010 });
 */
export function createRecorder(options: RecorderOptions): { fetch(request: Request): Promise<Response>; readonly replayer: Emulator | undefined } {
  const now = options.now ?? (() => performance.now());
  const upstream = new URL(options.upstream);
  const replayer = options.mode === 'record-missing' ? createEmulator({ fixtures: options.fixtures ?? [], unmatched: 'error' }) : undefined;
  const tell = (event: RecordEvent): void => options.onRecorded?.(event);

  const mantleUpstream = new URL(options.mantleUpstream ?? options.upstream);
  // Whatever goes wrong on the way (credentials that cannot sign, a body too large, a client gone)
  // is answered as Bedrock would, and said.
  const fetch = async (request: Request): Promise<Response> => {
    try {
      return await forward(request);
    } catch (error) {
      const exception = toBedrockException(error);
      tell({ kind: 'not-recorded', operation: undefined, reason: exception.message });
      return renderExceptionResponse(exception, crypto.randomUUID());
    }
  };
  const forward = async (request: Request): Promise<Response> => {
    const arrivedAt = now();
    const url = new URL(request.url);
    // Which API's route the call is, from the registry the emulator's routes are made from.
    const matched = routeOf(request.method, url.pathname);
    const recording = matched?.route.recording;
    const operation = recording === undefined ? undefined : (matched?.route.operation as RecordableOperation);
    const headers = Object.fromEntries(request.headers.entries());
    const body = await readBodyBytes(request, headers['content-length']);

    // The request as fixtures see it (a body the emulator cannot read is forwarded all the same).
    let normalized: NormalizedRequest | undefined;
    let notReadable: string | undefined;
    if (recording !== undefined && matched !== undefined) {
      try {
        normalized = recording.readRequest({ body: JSON.parse(new TextDecoder().decode(body)) as unknown, headers, params: matched.params });
      } catch (error) {
        notReadable = error instanceof BedrockException ? `the emulator cannot read this request, so it could not replay it: ${error.message}` : (error as Error).message;
      }
    }

    if (replayer !== undefined && normalized !== undefined) {
      // The client's signal: a replay it leaves stops, as any call does.
      const replay = await replayer.fetch(new Request(request.url, { method: request.method, headers, body, signal: request.signal }));
      // By its request id: calls replayed at the same time must not read each other's journal entry.
      const id = replay.headers.get('x-amzn-requestid');
      const fixture = replayer.calls().find((call) => call.id === id)?.fixture?.name;
      if (fixture !== undefined) {
        tell({ kind: 'replayed', operation: normalized.operation, fixture });
        return replay;
      }
      await replay.body?.cancel();
    }

    const mantle = matched?.route.endpoint === 'mantle';
    const target = upstreamTarget(mantle ? mantleUpstream : upstream, request.url);
    const signedHeaders = await signUpstream({ method: request.method, url: target, headers, body }, options.auth, options.region, mantle ? 'bedrock-mantle' : 'bedrock');
    let answer: Response;
    try {
      // A redirect is passed back, never followed: following it would send the signed headers
      // (the session token among them) to whatever host the upstream's answer names.
      answer = await globalThis.fetch(target, { method: request.method, headers: signedHeaders, ...(request.method === 'GET' || request.method === 'HEAD' ? {} : { body }), signal: request.signal, redirect: 'manual' });
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
      tell({ kind: 'not-recorded', operation, reason: `${upstream.origin} could not be reached: ${cause}` });
      return renderExceptionResponse(new BedrockException('InternalServerException', `bedrock-emulator record: ${upstream.origin} could not be reached (${cause}).`), crypto.randomUUID());
    }
    const responseHeaders = new Headers();
    answer.headers.forEach((value, name) => {
      if (!notPassedBack.has(name)) responseHeaders.append(name, value);
    });
    const skip = (reason: string): void => tell({ kind: 'not-recorded', operation, reason });
    if (answer.status >= 300 && answer.status < 400) {
      skip(`${target.origin} answered ${answer.status} (to ${answer.headers.get('location') ?? 'no location'}); the recorder passes a redirect back and does not follow it`);
      return passBack(answer, responseHeaders);
    }
    if (operation === undefined) {
      // CountTokens is estimated, never recorded.
      if (!/count[-_]tokens$/.test(url.pathname)) skip(`${request.method} ${url.pathname} is not a call that generates an answer`);
      return passBack(answer, responseHeaders);
    }
    if (normalized === undefined) {
      skip(notReadable ?? 'the emulator cannot read this request');
      return passBack(answer, responseHeaders);
    }
    const request_ = normalized;
    const contentType = answer.headers.get('content-type') ?? '';
    const sse = contentType.includes('text/event-stream');
    const streamed = (contentType.includes('application/vnd.amazon.eventstream') || sse) && answer.ok;
    const finish = async (exchange: RecordedExchange): Promise<void> => {
      const recorded = fixtureFromExchange(exchange, { matchBy: options.matchBy, exactTiming: options.exactTiming, name: `${exchange.operation} ${exchange.request.model.base}: ${preview(lastUserMessageText(exchange.request))}` });
      if (recorded.kind === 'skipped') {
        skip(recorded.reason);
        return;
      }
      const baseName = recordingFileName(exchange.operation, lastUserMessageText(exchange.request));
      // Replayable at once, before its file is written: the client may ask again as soon as it has read the answer.
      replayer?.addFixtures(defineFixtures([recorded.fixture], path.join(options.fixturesDir, `${baseName}.json`)));
      const file = await writeFixture(options.fixturesDir, baseName, recorded.fixture, options.force);
      const timing = recorded.fixture.timing;
      tell({
        kind: 'recorded',
        file,
        operation: exchange.operation,
        firstTokenMs: typeof timing === 'object' ? timing.timeToFirstTokenMs : undefined,
      });
    };
    const report = (promise: Promise<void>): void => {
      promise.catch((error: unknown) => skip(`the fixture could not be written: ${(error as Error).message}`));
    };

    if (!streamed) {
      const bytes = new Uint8Array(await answer.arrayBuffer());
      const latencyMs = now() - arrivedAt;
      report(finish({ operation, request: request_, status: answer.status, errorType: answer.headers.get('x-amzn-errortype') ?? undefined, body: tryParseJson(new TextDecoder().decode(bytes)), messages: [], latencyMs }));
      return new Response(bytes, { status: answer.status, headers: responseHeaders });
    }

    // A stream: each chunk goes to the client as it arrives, and is read into frames on the way.
    const headAt = now() - arrivedAt;
    const messages: RecordedMessage[] = [];
    const frames = sse ? createSseReader() : createFrameReader();
    const reader: ReadableStreamDefaultReader<Uint8Array> = (answer.body ?? new ReadableStream<Uint8Array>()).getReader();
    let complete = false;
    let unreadable = false;
    const passed = new ReadableStream<Uint8Array>({
      async pull(controller) {
        let read: Awaited<ReturnType<typeof reader.read>>;
        try {
          read = await reader.read();
        } catch (error) {
          skip(`the answer broke off before its end: ${(error as Error).message}`);
          controller.error(error);
          return;
        }
        const { done, value } = read;
        if (done) {
          complete = true;
          controller.close();
          if (!unreadable) report(finish({ operation, request: request_, status: answer.status, errorType: undefined, body: undefined, messages, latencyMs: headAt }));
          return;
        }
        const atMs = now() - arrivedAt;
        // The bytes go to the client as they came, even when they cannot be read for the fixture.
        if (!unreadable) {
          try {
            messages.push(...frames.push(value, atMs));
          } catch (error) {
            unreadable = true;
            skip(`the answer could not be read as a stream (${(error as Error).message}); it was passed on unchanged`);
          }
        }
        controller.enqueue(value);
      },
      async cancel(reason) {
        await reader.cancel(reason);
        if (!complete) skip('the client left before the answer was complete');
      },
    });
    return new Response(passed, { status: answer.status, headers: responseHeaders });
  };
  return { fetch, replayer };
}

/** The upstream's answer to the client unchanged (a 204 or 304 carries no body, as a `Response` insists). */
function passBack(answer: Response, headers: Headers): Response {
  return new Response(nullBodyStatuses.has(answer.status) ? null : answer.body, { status: answer.status, headers });
}

const nullBodyStatuses = new Set([101, 204, 205, 304]);

type MessageReader = { push(chunk: Uint8Array, atMs: number): RecordedMessage[] };

/** Splits bytes into whole event-stream messages (each starts with its total length) and decodes them. */
function createFrameReader(): MessageReader {
  let buffered = new Uint8Array(0);
  return {
    push(chunk, atMs) {
      const joined = new Uint8Array(buffered.length + chunk.length);
      joined.set(buffered);
      joined.set(chunk, buffered.length);
      const frames: Uint8Array[] = [];
      let offset = 0;
      while (joined.length - offset >= 4) {
        const total = new DataView(joined.buffer, joined.byteOffset + offset, 4).getUint32(0);
        if (total < 16 || joined.length - offset < total) break;
        frames.push(joined.slice(offset, offset + total));
        offset += total;
      }
      buffered = joined.slice(offset);
      return frames.map((frame) => {
        const decoded = codec.decode(frame);
        return { atMs, headers: Object.fromEntries(Object.entries(decoded.headers).map(([name, header]) => [name, String(header.value)])), body: decoded.body };
      });
    },
  };
}

/** Splits server-sent events (blank-line separated): each one's `event:` name and its `data:` lines. */
function createSseReader(): MessageReader {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let buffered = '';
  return {
    push(chunk, atMs) {
      buffered += decoder.decode(chunk, { stream: true });
      const events = buffered.split(/\r?\n\r?\n/);
      buffered = events.pop() ?? '';
      return events.flatMap((event) => {
        const lines = event.split(/\r?\n/);
        const name = lines.find((line) => line.startsWith('event:'))?.slice(6).trim() ?? '';
        const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).replace(/^ /, '')).join('\n');
        return data === '' ? [] : [{ atMs, headers: { ':sse': '1', ':event-type': name }, body: encoder.encode(data) }];
      });
    },
  };
}

/** Writes the fixture under a readable name; an existing file is kept (the next free name, `name_2.json`, is taken) unless `force`. */
async function writeFixture(dir: string, baseName: string, fixture: object, force: boolean): Promise<string> {
  const text = `${JSON.stringify(fixture, null, 2)}\n`;
  for (let attempt = 1; ; attempt += 1) {
    // `_2` sorts after `.json`: the first recording of a call keeps answering when both are loaded.
    const file = path.join(dir, attempt === 1 ? `${baseName}.json` : `${baseName}_${attempt}.json`);
    try {
      await writeFileAtomically(file, text, { overwrite: force });
      return file;
    } catch (error) {
      if (!(error instanceof FileExistsError) || attempt >= 1000) throw error;
    }
  }
}

function preview(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}
