import { z } from 'zod';
import { httpFaultNames, streamFaultTypes } from '../errors/exception-catalog.ts';
import { createRandom, deriveSeed } from '../fixtures/random.ts';

/** What a run-wide fault rule can inject into a call. */
export const injectableFaults = [...httpFaultNames, ...streamFaultTypes, 'drop', 'stall'] as const;
export type InjectableFault = (typeof injectableFaults)[number];

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
export type DrawnFault =
  | { readonly kind: 'http'; readonly type: (typeof httpFaultNames)[number] }
  | { readonly kind: 'stream'; readonly type: (typeof streamFaultTypes)[number]; readonly afterChunks: number }
  | { readonly kind: 'drop'; readonly afterChunks: number }
  | { readonly kind: 'stall'; readonly afterChunks: number };

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
    if (rule.fault === 'drop') return { kind: 'drop', afterChunks };
    if (rule.fault === 'stall') return { kind: 'stall', afterChunks };
    if ((streamFaultTypes as readonly string[]).includes(rule.fault)) {
      return { kind: 'stream', type: rule.fault as (typeof streamFaultTypes)[number], afterChunks };
    }
    return { kind: 'http', type: rule.fault as (typeof httpFaultNames)[number] };
  }
  return undefined;
}

/**
 * Parses the CLI's `--inject` specs, `NAME=RATE` each.
 *
 * @example
 * parseFaultSpecs(['ThrottlingException=0.1', 'drop=0.02'])
 */
export function parseFaultSpecs(specs: readonly string[]): FaultRule[] {
  return specs.map((spec) => {
    const [fault = '', rate = ''] = spec.split('=');
    const parsed = faultRuleSchema.safeParse({ fault, rate: Number(rate) });
    if (!parsed.success || rate === '') {
      throw new Error(`invalid fault "${spec}": expected NAME=RATE with NAME one of ${injectableFaults.join(', ')} and RATE a fraction from 0 to 1`);
    }
    return parsed.data;
  });
}
