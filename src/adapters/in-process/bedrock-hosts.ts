/**
 * Bedrock Runtime's public hosts in every partition: `bedrock-runtime` and
 * `bedrock-runtime-fips`, any region, `amazonaws.com` or `amazonaws.com.cn`
 * (docs/protocol/transport.md#service-identity-hosts-and-signing).
 */
export const bedrockRuntimeHost = /^bedrock-runtime(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/;

/** Whether a request to this host belongs to the emulator: a Bedrock Runtime host, or one of `extraHosts`. */
export function isEmulatedHost(hostname: string, extraHosts: readonly string[] = []): boolean {
  return bedrockRuntimeHost.test(hostname) || extraHosts.includes(hostname);
}
