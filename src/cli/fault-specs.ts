import { closestName } from '../core/closest-name.ts';
import { faultRuleSchema, injectableFaults, type FaultRule } from '../core/planning/run-faults.ts';

/** A rate as written on a command line: decimal digits only (`Number` would also read '', ' ', '0x1' and '1e-1'). */
const decimalRate = /^(\d+(\.\d*)?|\.\d+)$/;

/**
 * Parses the `--inject` specs, `NAME=RATE` each.
 *
 * @example
 * parseFaultSpecs(['ThrottlingException=0.1', 'drop=0.02'])
 */
export function parseFaultSpecs(specs: readonly string[]): FaultRule[] {
  return specs.map((spec) => {
    const [fault = '', rate = '', ...rest] = spec.split('=');
    const parsed = rest.length === 0 && decimalRate.test(rate) ? faultRuleSchema.safeParse({ fault, rate: Number(rate) }) : undefined;
    if (parsed?.success !== true) {
      const meant = (injectableFaults as readonly string[]).includes(fault) ? undefined : meantFault(fault);
      const hint = meant === undefined ? '' : ` (did you mean ${meant}=${rate === '' ? '0.1' : rate}?)`;
      throw new Error(`invalid fault "${spec}"${hint}: expected NAME=RATE with NAME one of ${injectableFaults.join(', ')} and RATE a fraction from 0 to 1`);
    }
    return parsed.data;
  });
}

/** The fault a misspelt name stands for: one it begins (three letters or more, case aside), else one an edit or two away. */
function meantFault(fault: string): string | undefined {
  if (fault.length >= 3) {
    const prefixed = injectableFaults.find((name) => name.toLowerCase().startsWith(fault.toLowerCase()));
    if (prefixed !== undefined) return prefixed;
  }
  return closestName(fault, injectableFaults);
}
