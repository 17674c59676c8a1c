import type { Call } from './call.ts';
import type { ServeEnv } from './transport.ts';

/** What the app keeps per request: its id, when it arrived (the timing origin), and the Bedrock call it is, once opened. */
export type EmulatorEnv = {
  Bindings: ServeEnv;
  Variables: { requestId: string; startedAt: number; call: Call | undefined };
};
