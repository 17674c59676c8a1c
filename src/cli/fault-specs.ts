import { faultRuleSchema, injectableFaults, type FaultRule } from '../core/planning/run-faults.ts';

/**
 * Parses the `--inject` specs, `NAME=RATE` each.
 *
 * @example
 * parseFaultSpecs(['ThrottlingException=0.1', 'drop=0.02'])
 */
export function parseFaultSpecs(specs: readonly string[]): FaultRule[] {
  return specs.map((spec) => {
    const [fault = '', rate = ''] = spec.split('=');
    const parsed = faultRuleSchema.safeParse({ fault, rate: Number(rate) });
    if (!parsed.success || rate === '') {
      const meant = injectableFaults.find((name) => name !== fault && fault.length >= 3 && name.toLowerCase().startsWith(fault.toLowerCase()));
      const hint = meant === undefined ? '' : ` (did you mean ${meant}=${rate === '' ? '0.1' : rate}?)`;
      throw new Error(`invalid fault "${spec}"${hint}: expected NAME=RATE with NAME one of ${injectableFaults.join(', ')} and RATE a fraction from 0 to 1`);
    }
    return parsed.data;
  });
}
