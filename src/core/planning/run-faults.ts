import { z } from 'zod';
import type { httpFaultNames} from '../errors/exception-catalog.ts';
import { streamFaultTypes, type StreamFaultType } from '../errors/exception-catalog.ts';
import { injectableFaults } from './injectable-faults.ts';
import { createRandom, deriveSeed } from './random.ts';

export { injectableFaults, type InjectableFault } from './injectable-faults.ts';

export const faultRuleSchema = z.strictObject({
  fault: z.enum(injectableFaults),
  rate: z.number().min(0).max(1),
});

export type FaultRule = z.infer<typeof faultRuleSchema>;

export type FaultInjection = {
  /** Seeds which calls fail and where: the same seed and call order give the same faults. */
  readonly seed?: number;
  readonly rules: readonly FaultRule[];
};

/** The fault drawn for one call, if any; stream faults strike after 1–8 events. */
type DrawnFault =
  | { readonly kind: 'http'; readonly type: (typeof httpFaultNames)[number] }
  | { readonly kind: 'stream'; readonly type: StreamFaultType; readonly afterChunks: number }
  | { readonly kind: 'drop'; readonly afterChunks: number }
  | { readonly kind: 'stall'; readonly afterChunks: number };

/** A drawn fault that strikes once the stream is under way. */
export type DrawnStreamFault = Exclude<DrawnFault, { kind: 'http' }>;

const isStreamFaultType = (fault: string): fault is StreamFaultType => (streamFaultTypes as readonly string[]).includes(fault);

/**
 * Draws the fault, if any, for the n-th call of a run (rules apply in order,
 * their rates add up: `ThrottlingException=0.1` fails 10 % of calls).
 *
 * @example
 * drawFault({ seed: 1, rules: [{ fault: 'ThrottlingException', rate: 0.1 }] }, 17)
 */
export function drawFault(injection: FaultInjection, callIndex: number): DrawnFault | undefined {
  const random = createRandom(deriveSeed(injection.seed ?? 1, `call-${callIndex}`));
  const roll = random.next();
  let threshold = 0;
  for (const rule of injection.rules) {
    threshold += rule.rate;
    if (roll >= threshold) continue;
    const afterChunks = random.integer(1, 8);
    const fault = rule.fault;
    if (fault === 'drop' || fault === 'stall') return { kind: fault, afterChunks };
    if (isStreamFaultType(fault)) return { kind: 'stream', type: fault, afterChunks };
    return { kind: 'http', type: fault };
  }
  return undefined;
}
