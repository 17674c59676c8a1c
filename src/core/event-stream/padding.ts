/**
 * Bedrock pads every event payload with a field `p` holding a prefix of this
 * alphabet of varying length, apparently to hide token lengths (docs/protocol/response-stream.md#the-p-padding,
 * seen 2 to ~56 characters). Clients ignore it; we send it so that payload sizes
 * vary like the real ones.
 */
const paddingAlphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export const minPaddingLength = 2;
export const maxPaddingLength = 56;

/**
 * The padding value of the given length (clamped to the alphabet).
 *
 * @example
 * padding(4) // 'abcd'
 */
export function padding(length: number): string {
  return paddingAlphabet.slice(0, Math.max(0, Math.min(length, paddingAlphabet.length)));
}
