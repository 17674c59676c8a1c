import type { Chunking } from '../fixtures/fixture-schema.ts';
import type { Random } from './random.ts';
import { tokenize } from './tokenize.ts';

/**
 * Cuts text into the deltas a model would stream: groups of `min`..`max`
 * tokens, words or characters, the group sizes drawn from the seeded random
 * source. Joining the deltas gives back the text exactly.
 *
 * @example
 * splitDeltas('Hello there, world', { by: 'words', min: 1, max: 1 }, createRandom(1)) // ['Hello', ' there,', ' world']
 */
export function splitDeltas(text: string, chunking: Chunking, random: Random): string[] {
  const units = unitsOf(text, chunking.by);
  const deltas: string[] = [];
  for (let start = 0; start < units.length; ) {
    const size = random.integer(chunking.min, chunking.max);
    deltas.push(units.slice(start, start + size).join(''));
    start += size;
  }
  return deltas;
}

function unitsOf(text: string, by: Chunking['by']): string[] {
  switch (by) {
    case 'tokens':
      return tokenize(text);
    case 'words':
      return text.match(/\s*\S+\s*$|\s*\S+/g) ?? (text === '' ? [] : [text]);
    case 'characters':
      // By code point, so an emoji is never cut in half.
      return Array.from(text);
  }
}
