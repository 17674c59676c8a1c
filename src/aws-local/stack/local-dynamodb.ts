import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type * as DynamoDbModule from '@aws-sdk/client-dynamodb';
import type { AttributeDefinition, DynamoDBClient, KeySchemaElement } from '@aws-sdk/client-dynamodb';
import type Dynalite from 'dynalite';

/** A key attribute of a table: its name and DynamoDB scalar type. */
export type KeyAttribute = { readonly name: string; readonly type: 'S' | 'N' | 'B' };

/** A table to create at start, as it is declared for the deployed stack. */
export type TableSpec = {
  readonly name: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  /**
   * The deployed table's TTL attribute. Not honoured locally: dynalite 4 has
   * no UpdateTimeToLive (it answers UnknownOperationException; see
   * `validOperations` in its index.js) and never expires items, so code must
   * not rely on TTL to remove an item it needs gone.
   */
  readonly timeToLiveAttribute?: string;
};

export type LocalDynamoDbOptions = {
  /** Interface to bind. Default 127.0.0.1: the store is for this machine only. */
  readonly host?: string;
  /** Port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Tables created (and ACTIVE) before `startLocalDynamoDb` resolves. */
  readonly tables?: readonly TableSpec[];
};

export type LocalDynamoDb = {
  /** The endpoint to give a DynamoDB client, e.g. `http://127.0.0.1:4567`. */
  readonly endpoint: string;
  readonly port: number;
  /** Stops listening, drops every connection and closes the store; the data is gone. */
  close(): Promise<void>;
};

/** How long a created table may take to turn ACTIVE before start gives up. */
const activeTimeoutMs = 5000;

/**
 * Starts DynamoDB in this process (dynalite, in memory) and creates the
 * tables given, with on-demand billing as deployed. Rejects with a sentence
 * that names the address when the port is taken, or the table when one
 * cannot be created; nothing is left open then.
 *
 * @example
 * const dynamodb = await startLocalDynamoDb({ tables: [{ name: 'generations', partitionKey: { name: 'connectionId', type: 'S' } }] });
 * const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
 * await dynamodb.close();
 */
export async function startLocalDynamoDb(options: LocalDynamoDbOptions = {}): Promise<LocalDynamoDb> {
  const host = options.host ?? '127.0.0.1';
  const requestedPort = options.port ?? 0;
  const { dynalite, sdk } = await loadDynamoDbPackages();
  // Tables turn ACTIVE at once: nothing to gain from dynalite's 500 ms imitation of AWS.
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  keepServingWhenClientsLeave(server);
  const answering = trackAnswering(server);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await listenOn(server, host, requestedPort);
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= answering.drain().then(() => closeServer(server, sockets)));

  // dynalite checks that a request is signed, not by whom: any credentials do.
  const client = new sdk.DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    for (const table of options.tables ?? []) await createTable(sdk, client, table);
  } catch (error) {
    client.destroy();
    await close();
    throw error;
  }
  // Frees the client's keep-alive socket; the server's end closes when the FIN
  // arrives. Waiting for it means start leaves only the listener open.
  client.destroy();
  await untilClosed(sockets);
  return { endpoint, port, close };
}

/**
 * dynalite answers a request's `error` with `throw err` (index.js,
 * `httpHandler`), so a client that leaves before its body is sent — or a
 * connection dropped by `close()` — would crash the whole process. There is
 * no one left to answer then: drop that listener for one that ignores it.
 * This listener runs after dynalite's, which has added its own by then.
 */
function keepServingWhenClientsLeave(server: Server): void {
  server.on('request', (request: IncomingMessage) => {
    request.removeAllListeners('error');
    request.on('error', () => undefined);
  });
}

/**
 * The requests dynalite is answering. Closing the store under one makes
 * dynalite throw ("Database is closed") from a callback, which would crash
 * the process: `drain()` turns new requests away (503) and waits for those
 * under way (at most 2 s) before the store may close.
 */
function trackAnswering(server: Server) {
  const underWay = new Set<ServerResponse>();
  server.prependListener('request', (_request: IncomingMessage, response: ServerResponse) => {
    underWay.add(response);
    response.once('close', () => underWay.delete(response));
  });
  return {
    async drain(): Promise<void> {
      server.removeAllListeners('request');
      server.on('request', (_request: IncomingMessage, response: ServerResponse) => response.writeHead(503, { Connection: 'close' }).end());
      // The real clock: dynalite answers its sockets in real time, whatever clock the functions run on.
      for (const deadline = Date.now() + 2000; underWay.size > 0 && Date.now() < deadline; ) await sleep(5);
    },
  };
}

async function listenOn(server: Server, host: string, port: number): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EADDRINUSE'
        ? 'the port is already in use. Stop what listens there, or pass port 0 to take a free one.'
        : code === 'EADDRNOTAVAIL'
          ? 'this machine has no such address. Use 127.0.0.1, or an address of one of its interfaces.'
          : `${(error as Error).message}.`;
    throw new Error(`Cannot start local DynamoDB on ${host}:${port}: ${reason}`, { cause: error });
  }
}

async function createTable(sdk: DynamoDbSdk, client: DynamoDBClient, table: TableSpec): Promise<void> {
  const keys = [
    { attribute: table.partitionKey, role: 'HASH' as const },
    ...(table.sortKey === undefined ? [] : [{ attribute: table.sortKey, role: 'RANGE' as const }]),
  ];
  const attributeDefinitions: AttributeDefinition[] = keys.map(({ attribute }) => ({ AttributeName: attribute.name, AttributeType: attribute.type }));
  const keySchema: KeySchemaElement[] = keys.map(({ attribute, role }) => ({ AttributeName: attribute.name, KeyType: role }));
  try {
    await client.send(new sdk.CreateTableCommand({ TableName: table.name, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: attributeDefinitions, KeySchema: keySchema }));
    await waitUntilActive(sdk, client, table.name);
  } catch (error) {
    const { name, message } = error as Error;
    throw new Error(`Cannot create the table "${table.name}" in local DynamoDB: ${name}: ${message}`, { cause: error });
  }
}

/**
 * Polls DescribeTable until the table is ACTIVE. Not the SDK's
 * `waitUntilTableExists`: its delays count in seconds (20 s by default),
 * and with `createTableMs: 0` the first or second look already sees ACTIVE.
 */
async function waitUntilActive(sdk: DynamoDbSdk, client: DynamoDBClient, tableName: string): Promise<void> {
  const deadline = performance.now() + activeTimeoutMs;
  for (;;) {
    const { Table } = await client.send(new sdk.DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    if (performance.now() > deadline) throw new Error(`still ${Table?.TableStatus ?? 'missing'} after ${activeTimeoutMs} ms`);
    await sleep(5);
  }
}

/**
 * Closes dynalite's server (its own `close` then closes the store). Busy
 * connections are dropped rather than drained: Node's `close` ends only idle
 * ones, and a request half sent would hold it open for `requestTimeout` (5 min).
 * Resolves once each dropped socket has emitted `close`.
 */
async function closeServer(server: Server, sockets: ReadonlySet<Socket>): Promise<void> {
  // dynalite calls back with null, not undefined, when all went well.
  const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  const socketsClosed = untilClosed(sockets);
  server.closeAllConnections();
  await Promise.all([closed, socketsClosed]);
}

/** Resolves once every socket has emitted `close`. */
async function untilClosed(sockets: ReadonlySet<Socket>): Promise<void> {
  await Promise.all([...sockets].map((socket) => new Promise<void>((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())))));
}

type DynamoDbSdk = typeof DynamoDbModule;

/**
 * dynalite and the DynamoDB client, loaded when a table is wanted: optional
 * peer dependencies, so nobody who never starts one installs them.
 */
async function loadDynamoDbPackages(): Promise<{ dynalite: typeof Dynalite; sdk: DynamoDbSdk }> {
  try {
    const [dynaliteModule, sdk] = await Promise.all([import('dynalite'), import('@aws-sdk/client-dynamodb')]);
    return { dynalite: dynaliteModule.default, sdk };
  } catch (error) {
    throw new Error(`A local DynamoDB needs two packages beside bedrock-emulator: npm install --save-dev dynalite @aws-sdk/client-dynamodb (${(error as Error).message})`);
  }
}
