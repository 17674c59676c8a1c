import { randomUUID } from 'node:crypto';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  beginGeneration,
  endConnection,
  finishGeneration,
  generationsTableName,
  requestStop,
  whyStop,
} from '../../src/functions/chat-websocket/generation-store.ts';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../src/aws-local/stack/local-dynamodb.ts';

// The table as the chat function's stack declares it.
const table = 'chat-generations';
let dynamodb: LocalDynamoDb;
let client: DynamoDBClient;

beforeAll(async () => {
  dynamodb = await startLocalDynamoDb({ tables: [{ name: table, partitionKey: { name: 'connectionId', type: 'S' }, timeToLiveAttribute: 'expiresAt' }] });
  client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  client.destroy();
  await dynamodb.close();
});

/** A fresh connection id per test, as API Gateway gives each WebSocket its own. */
const newConnection = (): string => `conn-${randomUUID()}`;

describe('generation store', () => {
  it('reports a generation that just began as running, for an hour', async () => {
    const connectionId = newConnection();
    const startedAt = Math.floor(Date.now() / 1000);
    const generationId = await beginGeneration(client, table, connectionId);
    expect(generationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await whyStop(client, table, connectionId, generationId)).toBeUndefined();
    const { Item } = await client.send(new GetItemCommand({ TableName: table, Key: { connectionId: { S: connectionId } }, ConsistentRead: true }));
    expect(Item).toEqual({ connectionId: { S: connectionId }, generationId: { S: generationId }, stopRequested: { BOOL: false }, expiresAt: { N: expect.stringMatching(/^\d+$/) } });
    const expiresAt = Number(Item?.['expiresAt']?.N);
    expect(expiresAt - startedAt).toBeGreaterThanOrEqual(3600);
    expect(expiresAt - startedAt).toBeLessThanOrEqual(3601);
  });

  it('reports a generation as stopped once a stop is requested', async () => {
    const connectionId = newConnection();
    const generationId = await beginGeneration(client, table, connectionId);
    await requestStop(client, table, connectionId);
    expect(await whyStop(client, table, connectionId, generationId)).toBe('stop');
  });

  it('lets a new prompt supersede the generation still running', async () => {
    const connectionId = newConnection();
    const first = await beginGeneration(client, table, connectionId);
    const second = await beginGeneration(client, table, connectionId);
    expect(second).not.toBe(first);
    expect(await whyStop(client, table, connectionId, first)).toBe('superseded');
    expect(await whyStop(client, table, connectionId, second)).toBeUndefined();
  });

  it('stops the generation when the connection closes', async () => {
    const connectionId = newConnection();
    const generationId = await beginGeneration(client, table, connectionId);
    await endConnection(client, table, connectionId);
    expect(await whyStop(client, table, connectionId, generationId)).toBe('gone');
  });

  it('takes a stop for a connection with no generation as a no-op, leaving no item behind', async () => {
    const connectionId = newConnection();
    await expect(requestStop(client, table, connectionId)).resolves.toBeUndefined();
    const { Item } = await client.send(new GetItemCommand({ TableName: table, Key: { connectionId: { S: connectionId } }, ConsistentRead: true }));
    expect(Item).toBeUndefined();
  });

  it('cleans up a finished generation only while it is the current one', async () => {
    const connectionId = newConnection();
    const first = await beginGeneration(client, table, connectionId);
    const second = await beginGeneration(client, table, connectionId);
    await finishGeneration(client, table, connectionId, first);
    expect(await whyStop(client, table, connectionId, second)).toBeUndefined();
    await finishGeneration(client, table, connectionId, second);
    const { Item } = await client.send(new GetItemCommand({ TableName: table, Key: { connectionId: { S: connectionId } }, ConsistentRead: true }));
    expect(Item).toBeUndefined();
  });

  it('reads the table name from GENERATIONS_TABLE, and says what to set when it is missing', () => {
    expect(generationsTableName({ GENERATIONS_TABLE: table })).toBe(table);
    expect(() => generationsTableName({})).toThrow('GENERATIONS_TABLE is not set: set it to the DynamoDB table of generations (partition key connectionId, a string).');
  });

  it('answers whyStop fast enough to poll (median of 50, printed)', async () => {
    const connectionId = newConnection();
    const generationId = await beginGeneration(client, table, connectionId);
    const durationsMs: number[] = [];
    for (let call = 0; call < 50; call += 1) {
      const startedAt = performance.now();
      await whyStop(client, table, connectionId, generationId);
      durationsMs.push(performance.now() - startedAt);
    }
    durationsMs.sort((a, b) => a - b);
    const median = ((durationsMs[24] ?? 0) + (durationsMs[25] ?? 0)) / 2;
    // A figure for the lead, not an assertion: timing on shared cores varies twofold.
    console.log(`whyStop against local DynamoDB: median ${median.toFixed(2)} ms, min ${durationsMs[0]?.toFixed(2)} ms, max ${durationsMs.at(-1)?.toFixed(2)} ms (50 calls)`);
    expect(durationsMs).toHaveLength(50);
  });
});
