import { InvalidArgumentError } from 'commander';

/** Argument parsers shared by the commands: each says what it expected. */
export function portNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new InvalidArgumentError('expected an integer from 0 to 65535.');
  return parsed;
}

export function nonNegativeNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new InvalidArgumentError('expected a number >= 0.');
  return parsed;
}

export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected an integer >= 1.');
  return parsed;
}

export function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new InvalidArgumentError('expected an integer.');
  return parsed;
}

/** `any`, or one or both of `sigv4` and `api-key` (comma-separated): what `--auth` verifies. */
export function authModesOption(value: string): ('sigv4' | 'api-key')[] {
  const parts = value.split(',').map((part) => part.trim());
  if (parts.length === 1 && parts[0] === 'any') return [];
  const modes: ('sigv4' | 'api-key')[] = [];
  for (const part of parts) {
    if (part !== 'sigv4' && part !== 'api-key') throw new InvalidArgumentError('expected any, sigv4, api-key, or sigv4,api-key.');
    if (!modes.includes(part)) modes.push(part);
  }
  return modes;
}
