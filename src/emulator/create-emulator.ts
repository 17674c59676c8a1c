import { Hono } from 'hono';
import type { AuthPolicy } from './auth/auth-policy.ts';
import { BedrockException } from '../core/errors/bedrock-exception.ts';
import { FixtureError, FixtureProblem } from '../core/errors/fixture-error.ts';
import { describeIssue, formatPath } from '../core/fixtures/format-schema-issue.ts';
import { modelsFileSchema } from '../apis/model-ids/models-file-schema.ts';
import type { GuardrailDefinition } from './guardrails/guardrail-schema.ts';
import { checkGuardrails, noGuardrails, type GuardrailSet } from './guardrails/guardrail-set.ts';
import { registerGuardrailRoutes } from './routes/guardrail-routes.ts';
import type { Fixture } from '../core/fixtures/fixture.ts';
import type { ModelCatalog } from '../apis/model-ids/model-catalog.ts';
import type { FaultInjection } from '../core/planning/run-faults.ts';
import { systemClock, type Clock } from '../core/playback/clock.ts';
import type { UnmatchedPolicy } from './journal/call-events.ts';
import { controlPrefix, controlRoutes, registerControlRoutes } from './routes/control-routes.ts';
import { journalLimits, type JournalLimits } from './journal/journal-summary.ts';
import type { EmulatorEnv } from './call/emulator-env.ts';
import { createEmulatorState } from './call/emulator-state.ts';
import { renderExceptionResponse, toBedrockException } from './call/error-response.ts';
import { registerBedrockRoutes } from './routes/bedrock-routes.ts';
import { settleFailed } from './call/call-steps.ts';
import { registerOpenAIRoutes } from './routes/openai-routes.ts';
import { registerAnthropicRoutes } from './routes/anthropic-routes.ts';
import type { CallRecord } from './journal/journal.ts';
import type { QuotaRule } from './call/quotas.ts';
import type { EmulatorStats } from './journal/stream-stats.ts';
import type { ServeEnv } from './call/transport.ts';

export type EmulatorOptions = {
  /** Fixtures in match order. Default: none, so every call gets the default text. */
  readonly fixtures?: readonly Fixture[];
  /** What the model says when no fixture matches. */
  readonly defaultText?: string;
  /** Multiplies every fixture delay: 0 = no delays, 1 = as written (default). */
  readonly timeScale?: number;
  /** The clock playback runs on. Default: the real one. */
  readonly clock?: Clock;
  /** When no fixture matches: `default` text (default), `echo` the last user message, or `error`. */
  readonly unmatched?: UnmatchedPolicy;
  /** How many calls the journal keeps (oldest dropped first). Default 1,000. */
  readonly journalCapacity?: number;
  /** How much of each request the journal keeps (texts cut and marked beyond these). Default `journalLimits`. */
  readonly journalLimits?: Partial<JournalLimits>;
  /** Per-model quotas (requests and tokens per minute, concurrent calls); over quota → ThrottlingException. */
  readonly quotas?: readonly QuotaRule[];
  /** Run-wide faults, e.g. `{ seed: 1, rules: [{ fault: 'ThrottlingException', rate: 0.1 }] }`. */
  readonly faults?: FaultInjection;
  /**
   * Verify callers as Bedrock does: SigV4 signatures and/or API keys, against
   * these keys (see docs/auth.md). Default: any credentials, or none.
   */
  readonly auth?: AuthPolicy;
  /**
   * The account's application inference profiles, provisioned, custom and
   * imported models (each mapped to its foundation model id) and Prompt
   * management prompts, which model ids may name (see docs/model-ids.md).
   * Default: none; an id that holds a foundation model id needs no entry.
   */
  readonly models?: ModelCatalog;
  /**
   * Guardrails requests may name: Converse's `guardrailConfig`, InvokeModel's
   * guardrail headers and ApplyGuardrail (see docs/guardrails.md). Checked
   * here: a wrong one throws a FixtureError naming the field.
   */
  readonly guardrails?: readonly GuardrailDefinition[];
};

export type Emulator = {
  /** The Hono app: mount it, or serve `emulator.fetch` with any adapter. */
  readonly app: Hono<EmulatorEnv>;
  /** Answers one request; an adapter serving sockets passes `{ transport }` so faults can drop connections. */
  readonly fetch: (request: Request, env?: ServeEnv) => Response | Promise<Response>;
  /** Replaces the fixtures; calls already under way keep the ones they chose. */
  setFixtures(fixtures: readonly Fixture[]): void;
  fixtureCount(): number;
  /** The journal: every call so far (the last `journalCapacity`), oldest first. */
  calls(): CallRecord[];
  /** Clears the journal and the fixtures added at run time, and starts every sequence and `times` count over. */
  reset(): void;
  /** Adds fixtures at run time, matched before the loaded ones (until `reset`). */
  addFixtures(fixtures: readonly Fixture[]): void;
  stats(): EmulatorStats;
  /** The model resources and prompts model ids may name (the `models` option, checked). */
  models(): ModelCatalog;
};

export const defaultText =
  'This is bedrock-emulator. No fixture matched this request, so here is the default answer. Add a fixture to choose what the model says.';

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
      unmatched: options.unmatched ?? 'default',
      faults: options.faults,
      auth: options.auth === undefined || options.auth.modes.length === 0 ? undefined : options.auth,
      models: checkedModels(options.models),
      guardrails: guardrailSetOf(options.guardrails),
    },
    options.fixtures ?? [],
    { capacity: options.journalCapacity ?? 1000, limits: { ...journalLimits, ...options.journalLimits } },
    options.quotas ?? [],
  );
  const app = new Hono<EmulatorEnv>();

  // Every response, errors included, carries the id and timing origin of its call: when
  // it arrived, as the adapter stamped it (on the real clock), or now.
  const { clock } = state.options;
  app.use(async (c, next) => {
    const receivedAt = c.env?.transport?.receivedAt;
    c.set('requestId', crypto.randomUUID());
    c.set('startedAt', receivedAt !== undefined && clock === systemClock ? receivedAt : clock.now());
    c.set('call', undefined);
    await next();
  });

  registerBedrockRoutes(app, state);
  registerOpenAIRoutes(app, state);
  registerAnthropicRoutes(app, state);
  registerGuardrailRoutes(app, state);
  registerControlRoutes(app, state);

  app.notFound((c) => {
    const { pathname } = new URL(c.req.url);
    if (pathname === controlPrefix || pathname.startsWith(`${controlPrefix}/`)) {
      return c.json({ message: `bedrock-emulator: no control route matches ${c.req.method} ${pathname}. Control routes: ${controlRoutes.join(', ')}.` }, 404);
    }
    return renderExceptionResponse(
      new BedrockException(
        'UnknownOperationException',
        `bedrock-emulator: no Bedrock Runtime operation matches ${c.req.method} ${pathname}. Supported: POST /model/{modelId}/invoke, /invoke-with-response-stream, /converse, /converse-stream and /count-tokens, and POST /guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply.`,
      ),
      c.get('requestId'),
    );
  });

  // A call that fails is reported once: aborted by its client, or an error of its request.
  app.onError((error, c) => {
    const call = c.get('call');
    const exception = call === undefined ? toBedrockException(error) : settleFailed(call, error);
    return renderExceptionResponse(exception, c.get('requestId'));
  });

  return {
    app,
    fetch: (request, env) => app.fetch(request, env),
    setFixtures: (fixtures) => state.setFixtures(fixtures),
    fixtureCount: () => state.fixtures().length,
    calls: () => state.journal.list(),
    reset: () => state.reset(),
    addFixtures: (fixtures) => state.addFixtures(fixtures),
    stats: () => state.stats(),
    models: () => state.options.models,
  };
}

/** The `models` option, checked like a models file; a problem throws a `FixtureError` naming the field. */
function checkedModels(models: ModelCatalog | undefined): ModelCatalog {
  if (models === undefined) return {};
  const result = modelsFileSchema.safeParse(models, { reportInput: true });
  if (result.success) return result.data;
  throw new FixtureError(
    result.error.issues.map((issue) => new FixtureProblem('the models option', formatPath(issue.path), describeIssue(issue))),
    'models option',
  );
}

function guardrailSetOf(definitions: readonly GuardrailDefinition[] | undefined): GuardrailSet {
  if (definitions === undefined) return noGuardrails;
  const checked = checkGuardrails(definitions, 'the guardrails option');
  if (checked.kind === 'problems') throw new FixtureError(checked.problems, 'guardrails');
  return checked.guardrails;
}
