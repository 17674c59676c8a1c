/*
 * The PII types the emulator finds by pattern, the same way every time. Bedrock
 * finds these (and more) with a model; the ones that need judgement — NAME,
 * ADDRESS, AGE, USERNAME, PASSWORD… — are left to a `regexes` entry.
 */

/** One found entity: its type, the text, and where it is. */
type PiiMatch = { readonly type: DetectablePiiType; readonly match: string; readonly start: number; readonly end: number };

const patterns = {
  // Starts only where a local part can start, and bounded: a long run of letters is read once, not once per position.
  EMAIL: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,63}(?![A-Za-z])/g,
  // North American numbers, with or without +1, in the usual separators.
  PHONE: /(?<![\w+])(?:\+?1[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}(?!\d)/g,
  // Area 000, 666 and 9xx, group 00 and serial 0000 are never issued.
  US_SOCIAL_SECURITY_NUMBER: /(?<!\d)(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?!\d)/g,
  // 13 to 19 digits, in groups or not; kept only when the Luhn check passes.
  CREDIT_DEBIT_CARD_NUMBER: /(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/g,
  IP_ADDRESS: /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])/g,
  URL: /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g,
  AWS_ACCESS_KEY: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  MAC_ADDRESS: /\b[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}\b/g,
} as const;

type DetectablePiiType = keyof typeof patterns;

/** The PII entity types a guardrail may list (Bedrock's names). */
export const detectablePiiTypes = Object.keys(patterns) as readonly DetectablePiiType[];

/**
 * Every entity of the given types in a text, in order of position.
 *
 * @example
 * findPii('mail ana@example.com', ['EMAIL']) // [{ type: 'EMAIL', match: 'ana@example.com', start: 5, end: 20 }]
 */
export function findPii(text: string, types: readonly DetectablePiiType[]): PiiMatch[] {
  const found: PiiMatch[] = [];
  for (const type of types) {
    for (const hit of text.matchAll(patterns[type])) {
      if (type === 'CREDIT_DEBIT_CARD_NUMBER' && !passesLuhn(hit[0])) continue;
      found.push({ type, match: hit[0], start: hit.index, end: hit.index + hit[0].length });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The card-number checksum: every second digit from the right doubled, the sum a multiple of 10. */
function passesLuhn(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
