import { startHttpApi } from '../aws-local/node/start-http-api.ts';
import { integrationTimeoutRange, startRestApi } from '../aws-local/node/start-rest-api.ts';
import { startWebSocketApi } from '../aws-local/node/start-websocket-api.ts';
import { stopped, UsageError, type CliIo, type CommandResult } from './cli-io.ts';
import { asUsageError, functionEnvironment, type FunctionFlags } from './function-options.ts';
import type { HttpApiFlags } from './http-api-command.ts';
import type { RestApiFlags } from './rest-api-command.ts';
import type { WebSocketApiFlags } from './websocket-api-command.ts';

/** What every front door's function gets from the flags. */
async function functionOptions(flags: FunctionFlags, io: CliIo) {
  const environment = await functionEnvironment(flags.env, io);
  return { mode: flags.mode, timeoutSeconds: flags.timeout, environment, host: flags.host, port: flags.port };
}

/** The `rest-api` command's work, loaded only when the command runs. */
export async function runRestApi(flags: RestApiFlags, io: CliIo, result: CommandResult): Promise<void> {
  // Said before anything starts: the range depends on the transfer mode, so the option alone cannot check it.
  const [, longest] = integrationTimeoutRange[flags.transferMode];
  if (flags.integrationTimeout > longest) throw new UsageError(`--integration-timeout ${flags.integrationTimeout}: a ${flags.transferMode} integration waits at most ${longest} ms (API Gateway's limits)${flags.transferMode === 'BUFFERED' ? `; --transfer-mode STREAM allows up to ${integrationTimeoutRange.STREAM[1]}` : ''}`);
  const api = await startRestApi({ ...(await functionOptions(flags, io)), handler: flags.handler, path: flags.path, method: flags.method, stage: flags.stage, transferMode: flags.transferMode, integrationTimeoutMs: flags.integrationTimeout }).catch(asUsageError);
  io.out(`REST API stage ${flags.stage}: ${flags.method} ${api.url}${flags.path} (${flags.transferMode}, integration timeout ${flags.integrationTimeout} ms; function ${flags.mode}, timeout ${flags.timeout} s)\n`);
  io.out(`listening on ${api.url.replace(/\/[^/]*$/, '')}\n`);
  await stopped(io.stop);
  await api.close();
  result.exitCode = 0;
}

/** The `http-api` command's work. */
export async function runHttpApi(flags: HttpApiFlags, io: CliIo, result: CommandResult): Promise<void> {
  const api = await startHttpApi({ ...(await functionOptions(flags, io)), handler: flags.handler, routeKey: flags.route, limits: { integrationTimeoutMs: flags.integrationTimeout } }).catch(asUsageError);
  io.out(`HTTP API route ${flags.route} (buffered, integration timeout ${flags.integrationTimeout} ms; function ${flags.mode}, timeout ${flags.timeout} s)\n`);
  io.out(`listening on ${api.url}\n`);
  await stopped(io.stop);
  await api.close();
  result.exitCode = 0;
}

/** The `websocket-api` command's work. */
export async function runWebSocketApi(flags: WebSocketApiFlags, io: CliIo, result: CommandResult): Promise<void> {
  const routes = flags.route.map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--route expects KEY=file#export, got "${pair}"`);
    const routeKey = pair.slice(0, at);
    return { routeKey, handler: pair.slice(at + 1), routeResponse: flags.routeResponse.includes(routeKey) };
  });
  for (const key of flags.routeResponse) if (!routes.some((route) => route.routeKey === key)) throw new UsageError(`--route-response ${key}: no --route ${key}=… to answer from`);
  const api = await startWebSocketApi({ ...(await functionOptions(flags, io)), routes, routeSelectionExpression: flags.routeSelection, stage: flags.stage, limits: { integrationTimeoutMs: flags.integrationTimeout } }).catch(asUsageError);
  io.out(`WebSocket API stage ${flags.stage}, routes ${routes.map((route) => route.routeKey + (route.routeResponse ? ' (two-way)' : '')).join(', ')}; selection ${flags.routeSelection}\n`);
  io.out(`@connections on ${api.managementEndpoint} (and https://${api.domainName}/${flags.stage}, the event's domain)\n`);
  io.out(`websocket on ${api.url}\n`);
  io.out(`listening on ${api.managementEndpoint.replace(/\/[^/]*$/, '')}\n`);
  await stopped(io.stop);
  await api.close();
  result.exitCode = 0;
}
