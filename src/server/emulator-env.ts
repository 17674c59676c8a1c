import type { CallRecord } from './journal.ts';
import type { CallContext } from './plan-call.ts';
import type { ServeEnv } from './transport.ts';

/** What the app keeps per request: its id, when it arrived (the timing origin), its journal record. */
export type EmulatorEnv = {
  Bindings: ServeEnv;
  Variables: { requestId: string; startedAt: number; record: CallRecord | undefined; call: CallContext | undefined };
};
