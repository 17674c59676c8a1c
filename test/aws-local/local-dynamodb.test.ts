import net from 'node:net';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { startLocalDynamoDb, type TableSpec } from '../../src/aws-local/stack/local-dynamodb.ts';
import { eventually } from '../support/emulator.ts';

const notes: TableSpec = { name: 'notes', partitionKey: { name: 'owner', type: 'S' }, sortKey: { name: 'createdAt', type: 'N' }, timeToLiveAttribute: 'expiresAt' };

/** A real SDK client as a user would configure it for the local store. */
function clientFor(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/**
 * Sockets and servers open in this process: what `close()` must give back.
 * Node lists a handle until libuv has released it, a turn of the event loop
 * after its `close` event (true of a bare `net.Server` too), hence `eventually`.
 */
const openSockets = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap' || kind === 'TCPSocketWrap').length;
const idleSockets = openSockets();

/**
 * A raw connection whose request promises a body that never comes: the
 * connection stays busy, not idle. The server resets it on close, hence the
 * ignored error.
 */
async function sendHalfARequest(port: number): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 100\r\n\r\n{');
  // Let the server read the head, so that the request has begun when the test goes on.
  await new Promise((resolve) => setTimeout(resolve, 20));
  return socket;
}

/** Resolves when something can listen on the port again. */
async function listenAgain(port: number): Promise<void> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('local DynamoDB', () => {
  it('serves the tables it was given to the AWS SDK, and gives its port and sockets back on close', async () => {
    const dynamodb = await startLocalDynamoDb({ tables: [notes] });
    // Only its listening socket: the client that created the tables is gone.
    await eventually(() => expect(openSockets()).toBe(idleSockets + 1));
    expect(dynamodb.endpoint).toBe(`http://127.0.0.1:${dynamodb.port}`);
    const client = clientFor(dynamodb.endpoint);
    try {
      const item = { owner: { S: 'ada' }, createdAt: { N: '1700000000' }, text: { S: 'hello' } };
      await client.send(new PutItemCommand({ TableName: 'notes', Item: item }));
      const { Item } = await client.send(new GetItemCommand({ TableName: 'notes', Key: { owner: { S: 'ada' }, createdAt: { N: '1700000000' } }, ConsistentRead: true }));
      expect(Item).toEqual(item);
    } finally {
      client.destroy();
    }
    await dynamodb.close();
    await eventually(() => expect(openSockets()).toBe(idleSockets));
    await listenAgain(dynamodb.port);
  });

  it('keeps serving when a client leaves mid-request, and closes at once with a request half sent', async () => {
    const dynamodb = await startLocalDynamoDb({ tables: [notes] });
    const leaving = await sendHalfARequest(dynamodb.port);
    leaving.destroy();
    const client = clientFor(dynamodb.endpoint);
    try {
      await expect(client.send(new GetItemCommand({ TableName: 'notes', Key: { owner: { S: 'ada' }, createdAt: { N: '1' } } }))).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
    } finally {
      client.destroy();
    }
    const waiting = await sendHalfARequest(dynamodb.port);
    const dropped = new Promise<void>((resolve) => waiting.once('close', () => resolve()));
    await dynamodb.close();
    await dropped;
    await listenAgain(dynamodb.port);
    await eventually(() => expect(openSockets()).toBe(idleSockets));
  });

  it('says so in a sentence when the port is taken', async () => {
    const first = await startLocalDynamoDb();
    try {
      await expect(startLocalDynamoDb({ port: first.port })).rejects.toThrow(`Cannot start local DynamoDB on 127.0.0.1:${first.port}: the port is already in use. Stop what listens there, or pass port 0 to take a free one.`);
    } finally {
      await first.close();
    }
    await eventually(() => expect(openSockets()).toBe(idleSockets));
  });

  it('names the table it cannot create, and leaves nothing listening', async () => {
    // DynamoDB table names are 3 to 255 characters long.
    await expect(startLocalDynamoDb({ tables: [{ name: 'ab', partitionKey: { name: 'id', type: 'S' } }] })).rejects.toThrow(/^Cannot create the table "ab" in local DynamoDB: ValidationException: TableName must be at least 3 characters long/);
    await eventually(() => expect(openSockets()).toBe(idleSockets));
  });
});
