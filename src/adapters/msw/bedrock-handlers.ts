import { http, type HttpHandler } from 'msw';
import { isEmulatedHost } from '../in-process/bedrock-hosts.ts';
import type { Emulator } from '../../emulator/create-emulator.ts';

export type BedrockHandlerOptions = {
  /** Hosts to answer besides Bedrock Runtime's own, e.g. `localhost:4010` for a custom endpoint. */
  readonly hosts?: readonly string[];
};

/**
 * msw handlers that answer Bedrock Runtime requests — any region's host, and
 * any extra hosts given — from the emulator app, byte for byte what the
 * server sends. msw intercepts fetch and `node:http`; for the AWS SDK's
 * default HTTP/2 transport, see `interceptHttp2` in `bedrock-emulator/in-process`.
 *
 * @example
 * const server = setupServer(...bedrockHandlers(emulator));
 */
export function bedrockHandlers(emulator: Emulator, options: BedrockHandlerOptions = {}): HttpHandler[] {
  const extra = options.hosts ?? [];
  return [
    http.all(
      ({ request }) => {
        const url = new URL(request.url);
        return isEmulatedHost(url.hostname, extra) || extra.includes(url.host);
      },
      ({ request }) => emulator.fetch(request),
    ),
  ];
}
