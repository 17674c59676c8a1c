/**
 * `bedrock-emulator/in-process`: the emulator without a port, for clients msw
 * cannot reach — the AWS SDK's default HTTP/2 transport.
 */
export { interceptHttp2, type InterceptOptions } from './intercept-http2.ts';
export { createEmulatorRequestHandler } from './emulator-request-handler.ts';
export { bedrockRuntimeHost, isEmulatedHost } from './bedrock-hosts.ts';
