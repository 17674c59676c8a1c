/**
 * JSON text as a value, or `undefined` when it is not JSON: for reading what
 * others sent (a recorded answer, a model's tool input), where a broken
 * piece is skipped, not an error.
 *
 * @example
 * tryParseJson('{"city":"Paris"}') // { city: 'Paris' }
 */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
