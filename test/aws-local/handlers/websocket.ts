/**
 * WebSocket API handlers written as for AWS: the management client built
 * from the event (`https://${domainName}/${stage}`), or from the standard
 * environment. `$connect`/`$disconnect` write their events to EVENTS_DIR so
 * the tests can read them in both run modes.
 */
import { ApiGatewayManagementApiClient, DeleteConnectionCommand, GetConnectionCommand, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

type Event = { requestContext: { routeKey: string; connectionId: string; domainName: string; stage: string }; queryStringParameters?: Record<string, string>; body?: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const record = (event: Event): void => {
  const dir = process.env['EVENTS_DIR'];
  if (dir !== undefined) writeFileSync(path.join(dir, `${event.requestContext.routeKey}-${event.requestContext.connectionId.replace(/[^A-Za-z0-9]/g, '_')}.json`), JSON.stringify(event));
};
/** The usual AWS code: the callback endpoint from the event. */
const managementFor = (event: Event) => new ApiGatewayManagementApiClient({ endpoint: `https://${event.requestContext.domainName}/${event.requestContext.stage}` });

export async function connect(event: Event): Promise<unknown> {
  record(event);
  const deny = event.queryStringParameters?.['deny'];
  if (event.queryStringParameters?.['throw'] !== undefined) throw new Error('refused by throwing');
  return { statusCode: deny === undefined ? 200 : Number(deny) };
}

export async function disconnect(event: Event): Promise<unknown> {
  record(event);
  return { statusCode: 200 };
}

export async function message(event: Event): Promise<unknown> {
  const { connectionId } = event.requestContext;
  let request: { action?: string; ms?: number; size?: number } = {};
  try {
    request = JSON.parse(event.body ?? '{}') as typeof request;
  } catch {
    // Not JSON: the $default route's answer below.
  }
  switch (request.action) {
    case 'echo':
      return { statusCode: 200, body: JSON.stringify(event) };
    case 'post': {
      const client = managementFor(event);
      await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'posted one' }));
      await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: new TextEncoder().encode('posted two') }));
      const info = await client.send(new GetConnectionCommand({ ConnectionId: connectionId }));
      await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify({ info }) }));
      client.destroy();
      return { statusCode: 200, body: 'not sent: this route has no route response' };
    }
    case 'post-from-environment': {
      // No endpoint given: the SDK takes AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI.
      const client = new ApiGatewayManagementApiClient({});
      await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'via the environment' }));
      client.destroy();
      return { statusCode: 200 };
    }
    case 'big': {
      const client = managementFor(event);
      await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'x'.repeat(request.size ?? 100_000) }));
      client.destroy();
      return { statusCode: 200 };
    }
    case 'slow': {
      await sleep(request.ms ?? 500);
      const client = managementFor(event);
      await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'still here after the timeout' }));
      client.destroy();
      return { statusCode: 200 };
    }
    case 'hang-up': {
      const client = managementFor(event);
      await client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
      client.destroy();
      return { statusCode: 200 };
    }
    case 'throws':
      throw new Error('kaboom');
    default:
      return { statusCode: 200, body: `default route got: ${event.body ?? ''}` };
  }
}
