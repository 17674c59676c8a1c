/** Header names that carry credentials or signatures: never stored, never quoted. */
const secretHeader = /^(authorization|proxy-authorization|cookie|x-amz-security-token|x-api-key)$|token|secret|signature|credential|password/i;

/**
 * Whether a header carries a credential or a signature.
 *
 * @example
 * isSecretHeader('x-amz-security-token') // true
 */
export function isSecretHeader(name: string): boolean {
  return secretHeader.test(name);
}
