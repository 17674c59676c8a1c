import type { Chunking } from '../fixtures/fixture-schema.ts';
import type { ResponsePlan } from '../fixtures/plan-response.ts';
import type { Operation, ParsedRequest } from '../fixtures/request.ts';
import type { ModelId } from './model-id.ts';

/** One model-native event and when it leaves, in ms after the request arrived. */
export type TimedModelEvent = { readonly atMs: number; readonly event: Readonly<Record<string, unknown>> };

/**
 * What the emulator needs to know about one model family for InvokeModel and
 * InvokeModelWithResponseStream: how to read its request body and how to
 * write its responses. Adding Nova, Titan, Llama… means adding one of these.
 */
export type ModelFamily = {
  readonly provider: string;
  /** How the family's deltas are cut when a fixture does not say. */
  readonly defaultChunking: Chunking;
  /** Validates a body like Bedrock (throws `BedrockException`) and normalizes it. */
  parseInvokeBody(body: unknown, operation: Operation, model: ModelId): ParsedRequest;
  /** The chunk events of a streamed response, in order, with their times. */
  renderStreamEvents(plan: ResponsePlan, model: ModelId): TimedModelEvent[];
  /** The InvokeModel response body. */
  renderInvokeBody(plan: ResponsePlan, model: ModelId): Readonly<Record<string, unknown>>;
};
