/**
 * Where the chat function's invocations meet: a "stop" arrives in another
 * invocation (on AWS, usually another execution environment) than the one
 * streaming tokens, so the generating invocation learns of it from DynamoDB.
 *
 * One item per connection, in the table named by `GENERATIONS_TABLE`:
 * partition key `connectionId` (S), no sort key, TTL attribute `expiresAt`
 * (epoch seconds). The item holds the connection's current generation:
 * `{ connectionId, generationId, stopRequested, expiresAt }`. A generation
 * must stop when its item says `stopRequested`, names a newer generation, or
 * is gone (the connection closed).
 *
 * Each function takes the client and table, so the handler makes one client
 * per execution environment and tests pass one pointed at a local DynamoDB.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** How long an abandoned item lives: far longer than a generation, short enough to clean up after lost disconnects. */
const itemLifetimeSeconds = 60 * 60;

/**
 * The table's name from `GENERATIONS_TABLE`; throws a sentence that says
 * what to set when it is missing.
 *
 * @example
 * const table = generationsTableName(); // process.env.GENERATIONS_TABLE
 */
export function generationsTableName(environment: Readonly<Record<string, string | undefined>> = process.env): string {
  const name = environment['GENERATIONS_TABLE'];
  if (name === undefined || name === '') {
    throw new Error('GENERATIONS_TABLE is not set: set it to the DynamoDB table of generations (partition key connectionId, a string).');
  }
  return name;
}

/**
 * Records a new generation for the connection and returns its id. It
 * replaces any earlier one, which from then on reads as stopped: a new
 * prompt supersedes the answer still streaming.
 *
 * @example
 * const generationId = await beginGeneration(client, table, connectionId);
 */
export async function beginGeneration(client: DynamoDBClient, table: string, connectionId: string): Promise<string> {
  const generationId = randomUUID();
  await client.send(
    new PutItemCommand({
      TableName: table,
      Item: {
        connectionId: { S: connectionId },
        generationId: { S: generationId },
        stopRequested: { BOOL: false },
        expiresAt: { N: String(Math.floor(Date.now() / 1000) + itemLifetimeSeconds) },
      },
    }),
  );
  return generationId;
}

/**
 * Asks the connection's current generation to stop. A stop for a connection
 * with no generation (never began, finished, or closed) does nothing.
 *
 * @example
 * await requestStop(client, table, connectionId); // on a {"action": "stop"} message
 */
export async function requestStop(client: DynamoDBClient, table: string, connectionId: string): Promise<void> {
  try {
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { connectionId: { S: connectionId } },
        UpdateExpression: 'SET stopRequested = :stop',
        // Without it, UpdateItem would create an item holding nothing but the flag.
        ConditionExpression: 'attribute_exists(connectionId)',
        ExpressionAttributeValues: { ':stop': { BOOL: true } },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return;
    throw error;
  }
}

/** Why a generation must stop: asked to, a newer one took over, or its connection closed; undefined to go on. */
export type StopReason = 'stop' | 'superseded' | 'gone';

/**
 * Whether the generation should stop, and why: a stop was asked for, a
 * newer generation replaced it, or the connection closed; undefined to go
 * on. Reads strongly consistently, so a stop written a moment ago is seen on
 * the next poll.
 *
 * @example
 * const reason = await whyStop(client, table, connectionId, generationId); // 'stop' after a {"action": "stop"}
 */
export async function whyStop(client: DynamoDBClient, table: string, connectionId: string, generationId: string): Promise<StopReason | undefined> {
  const { Item: item } = await client.send(
    new GetItemCommand({
      TableName: table,
      Key: { connectionId: { S: connectionId } },
      ConsistentRead: true,
      ProjectionExpression: 'generationId, stopRequested',
    }),
  );
  if (item === undefined) return 'gone';
  if (item['generationId']?.S !== generationId) return 'superseded';
  return item['stopRequested']?.BOOL === true ? 'stop' : undefined;
}

/**
 * On `$disconnect`: deletes the connection's item, which stops a running
 * generation (a missing item reads as stopped) and leaves nothing behind.
 *
 * @example
 * await endConnection(client, table, event.requestContext.connectionId);
 */
export async function endConnection(client: DynamoDBClient, table: string, connectionId: string): Promise<void> {
  await client.send(new DeleteItemCommand({ TableName: table, Key: { connectionId: { S: connectionId } } }));
}

/**
 * Removes the connection's item when a generation ended by itself, but only
 * if it is still the current one: a newer generation's item stays.
 *
 * @example
 * await finishGeneration(client, table, connectionId, generationId);
 */
export async function finishGeneration(client: DynamoDBClient, table: string, connectionId: string, generationId: string): Promise<void> {
  try {
    await client.send(
      new DeleteItemCommand({
        TableName: table,
        Key: { connectionId: { S: connectionId } },
        ConditionExpression: 'generationId = :generationId',
        ExpressionAttributeValues: { ':generationId': { S: generationId } },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return;
    throw error;
  }
}
