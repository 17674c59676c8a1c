import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { BedrockException } from '../errors/bedrock-exception.ts';
import type { Fixture } from '../fixtures/fixture.ts';
import { systemClock, type Clock } from '../playback/clock.ts';
import { createEmulatorState, type EmulatorStats } from './emulator-state.ts';
import { renderExceptionResponse, toBedrockException } from './error-response.ts';
import { handleConverse, handleConverseStream } from './converse-handlers.ts';
import { handleCountTokens } from './count-tokens-handler.ts';
import { handleInvoke, handleInvokeStream } from './invoke-handlers.ts';
import type { CallContext } from './plan-call.ts';

export type EmulatorOptions = {
  /** Fixtures in match order. Default: none, so every call gets the default text. */
  readonly fixtures?: readonly Fixture[];
  /** What the model says when no fixture matches. */
  readonly defaultText?: string;
  /** Multiplies every fixture delay: 0 = no delays, 1 = as written (default). */
  readonly timeScale?: number;
  /** The clock playback runs on. Default: the real one. */
  readonly clock?: Clock;
};

/** What the app keeps per request: its id, and when it arrived (the timing origin). */
export type EmulatorEnv = { Variables: { requestId: string; startedAt: number } };

export type Emulator = {
  /** The Hono app: mount it, or serve `emulator.fetch` with any adapter. */
  readonly app: Hono<EmulatorEnv>;
  readonly fetch: (request: Request) => Response | Promise<Response>;
  /** Replaces the fixtures; calls already under way keep the ones they chose. */
  setFixtures(fixtures: readonly Fixture[]): void;
  fixtureCount(): number;
  stats(): EmulatorStats;
};

export const defaultText =
  'This is bedrock-emulator. No fixture matched this request, so here is the default answer. Add a fixture to choose what the model says.';

/** Bedrock's InvokeModel body limit (`Body`, REFERENCE §1.2). */
const maxBodyBytes = 25_000_000;

/**
 * The emulator as a web-standard app: Bedrock Runtime routes in, Bedrock
 * responses out. No sockets and no files; `bedrock-emulator/node` serves it.
 *
 * @example
 * const emulator = createEmulator({ fixtures });
 * const response = await emulator.fetch(new Request('http://x/model/anthropic.claude-3-5-haiku-20241022-v1:0/invoke', { method: 'POST', body }));
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const state = createEmulatorState(
    {
      defaultText: options.defaultText ?? defaultText,
      timeScale: options.timeScale ?? 1,
      clock: options.clock ?? systemClock,
    },
    options.fixtures ?? [],
  );
  const app = new Hono<EmulatorEnv>();

  // Every response, errors included, carries the id and timing origin of its call.
  app.use(async (c, next) => {
    c.set('requestId', crypto.randomUUID());
    c.set('startedAt', state.options.clock.now());
    await next();
  });

  const callContext = (c: Context<EmulatorEnv>): CallContext => ({
    request: c.req.raw,
    rawModelId: c.req.param('modelId') ?? '',
    requestId: c.get('requestId'),
    startedAt: c.get('startedAt'),
  });

  const limitBody = bodyLimit({
    maxSize: maxBodyBytes,
    onError: () => {
      throw new BedrockException('ValidationException', `The request body is larger than ${maxBodyBytes} bytes, Bedrock's limit.`);
    },
  });

  app.post('/model/:modelId/invoke-with-response-stream', limitBody, (c) => handleInvokeStream(state, callContext(c)));
  app.post('/model/:modelId/invoke', limitBody, (c) => handleInvoke(state, callContext(c)));
  app.post('/model/:modelId/converse-stream', limitBody, (c) => handleConverseStream(state, callContext(c)));
  app.post('/model/:modelId/converse', limitBody, (c) => handleConverse(state, callContext(c)));
  app.post('/model/:modelId/count-tokens', limitBody, (c) => handleCountTokens(state, callContext(c)));

  app.notFound((c) => {
    const { pathname } = new URL(c.req.url);
    return renderExceptionResponse(
      new BedrockException(
        'UnknownOperationException',
        `bedrock-emulator: no Bedrock Runtime operation matches ${c.req.method} ${pathname}. Supported: POST /model/{modelId}/invoke, /invoke-with-response-stream, /converse, /converse-stream and /count-tokens.`,
      ),
      c.get('requestId'),
    );
  });

  app.onError((error, c) => renderExceptionResponse(toBedrockException(error), c.get('requestId')));

  return {
    app,
    fetch: (request) => app.fetch(request),
    setFixtures: (fixtures) => state.setFixtures(fixtures),
    fixtureCount: () => state.fixtures().length,
    stats: () => state.stats(),
  };
}
