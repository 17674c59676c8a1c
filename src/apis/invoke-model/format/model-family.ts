import type { Chunking } from '../../../core/fixtures/fixture-schema.ts';
import type { NormalizedRequest, Operation, ParsedRequest } from '../../../core/fixtures/request.ts';
import type { ResponsePlan } from '../../../core/planning/plan-response.ts';
import type { TimedEvent } from '../../../core/planning/timeline.ts';
import type { ModelId } from '../../model-ids/model-id.ts';

/** A model-native stream event: the JSON a `chunk` frame carries, base64-encoded. */
export type ModelEvent = object;

/**
 * A response in a family's own format: the stream's events, each at its
 * time, and the same events joined into the InvokeModel body.
 */
type ModelResponse = {
  readonly events: readonly TimedEvent<ModelEvent>[];
  /** The non-streaming body: every event joined (called only when the stream would have completed). */
  join(): object;
};

/** A family's own InvokeModel / InvokeModelWithResponseStream format. */
export type InvokeFormat = {
  /** Validates a body like Bedrock (throws `BedrockException`) and normalizes it. */
  parseBody(body: unknown, operation: Operation, model: ModelId): ParsedRequest;
  /** `epochMs` is the wall time of the answer (the emulator's clock), for a body that dates itself (a chat completion's `created`). */
  render(plan: ResponsePlan, model: ModelId, epochMs: number): ModelResponse;
};

/**
 * What the emulator knows about one model family (a provider's models):
 * how it behaves, which APIs it is served on, and its own body format when
 * the emulator speaks it. Converse works for every family. Adding Nova,
 * Llama… means adding an `invoke` format to its family.
 */
export type ModelFamily = {
  readonly provider: string;
  /** How the family's deltas are cut when a fixture does not say. */
  readonly defaultChunking: Chunking;
  /** Whether a response includes the fixture's reasoning (Claude reasons only when the request asks). */
  sendsReasoning(request: NormalizedRequest): boolean;
  /** Whether CountTokens serves this model of the family. */
  countsTokens(model: ModelId): boolean;
  /** The family's InvokeModel format, or undefined when the emulator does not speak it yet. */
  readonly invoke: InvokeFormat | undefined;
};
