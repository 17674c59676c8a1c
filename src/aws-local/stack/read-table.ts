import { checkKeys, readBoolean, readChoice, readMap, readMapList, readString, type Fields } from './read-fields.ts';
import type { StackKeyType, StackTable } from './template-model.ts';
import type { TemplateResource } from './template-resolver.ts';
import { unresolved, type Unresolved } from './template-value.ts';

const keyTypes: readonly StackKeyType[] = ['S', 'N', 'B'];

/**
 * Reads one `AWS::DynamoDB::Table`: its key (HASH, and RANGE when there is
 * one), the type of each key attribute, and its TTL attribute. Indexes are
 * not supported, so every attribute definition must be a key, as
 * CloudFormation requires of a table without indexes.
 *
 * @example
 * readTable(resource, fields, 'sessions')
 * // { logicalId: 'Sessions', tableName: 'sessions', partitionKey: { name: 'id', type: 'S' }, sortKey: undefined, timeToLiveAttribute: 'expiresAt' }
 */
export function readTable(resource: TemplateResource, fields: Fields, tableName: string | Unresolved): StackTable | undefined {
  readChoice(fields, 'BillingMode', ['PAY_PER_REQUEST', 'PROVISIONED']);
  const keys = readKeySchema(fields);
  const types = readAttributeTypes(fields);
  const timeToLiveAttribute = readTimeToLive(fields);
  if (types === undefined || keys === undefined || timeToLiveAttribute === unresolved || tableName === unresolved) return undefined;

  let complete = true;
  const keyOf = (name: string | undefined, at: Fields | undefined): StackTable['sortKey'] => {
    if (name === undefined || at === undefined) return undefined;
    const type = types.get(name);
    if (type === undefined) {
      fields.log.problem([...at.path, 'AttributeName'], `${name} has no entry in AttributeDefinitions; add { AttributeName: ${name}, AttributeType: S } (or N, B)`);
      complete = false;
    }
    return { name, type: type ?? 'S' };
  };
  const partitionKey = keyOf(keys.hash?.name, keys.hash?.at);
  const sortKey = keyOf(keys.range?.name, keys.range?.at);
  for (const [name, definition] of types.definitions) {
    if (name !== keys.hash?.name && name !== keys.range?.name) {
      fields.log.problem(definition.path, `${name} is defined but is not a key; without indexes (not supported locally) AttributeDefinitions lists only the KeySchema's attributes`);
      complete = false;
    }
  }
  if (partitionKey === undefined || !complete) return undefined;
  return { logicalId: resource.logicalId, tableName, partitionKey, sortKey, timeToLiveAttribute };
}

type AttributeTypes = { readonly get: (name: string) => StackKeyType | undefined; readonly definitions: ReadonlyMap<string, Fields> };

function readAttributeTypes(fields: Fields): AttributeTypes | undefined {
  const definitions = readMapList(fields, 'AttributeDefinitions', { required: true });
  if (definitions === undefined) return undefined;
  const types = new Map<string, StackKeyType>();
  const where = new Map<string, Fields>();
  for (const definition of definitions) {
    checkKeys(definition, { read: ['AttributeName', 'AttributeType'], noted: {} }, 'an attribute definition');
    const name = readString(definition, 'AttributeName', { required: true });
    const type = readChoice(definition, 'AttributeType', keyTypes, { required: true });
    if (name === undefined || type === undefined) continue;
    if (types.has(name)) fields.log.problem([...definition.path, 'AttributeName'], `${name} is defined twice`);
    types.set(name, type);
    where.set(name, definition);
  }
  return { get: (name) => types.get(name), definitions: where };
}

type Key = { readonly name: string; readonly at: Fields };

function readKeySchema(fields: Fields): { readonly hash: Key | undefined; readonly range: Key | undefined } | undefined {
  const schema = readMapList(fields, 'KeySchema', { required: true });
  if (schema === undefined) return undefined;
  let hash: Key | undefined;
  let range: Key | undefined;
  for (const element of schema) {
    checkKeys(element, { read: ['AttributeName', 'KeyType'], noted: {} }, 'a key schema element');
    const name = readString(element, 'AttributeName', { required: true });
    const keyType = readChoice(element, 'KeyType', ['HASH', 'RANGE'], { required: true });
    if (name === undefined || keyType === undefined) continue;
    if ((keyType === 'HASH' ? hash : range) !== undefined) {
      fields.log.problem([...element.path, 'KeyType'], `a table has one ${keyType} key; remove this one or make it the ${keyType === 'HASH' ? 'RANGE' : 'HASH'} key`);
      continue;
    }
    if (keyType === 'HASH') hash = { name, at: element };
    else range = { name, at: element };
  }
  if (hash === undefined && schema.length > 0 && range !== undefined) fields.log.problem([...fields.path, 'KeySchema'], 'a table needs a HASH key (its partition key)');
  if (schema.length === 0) fields.log.problem([...fields.path, 'KeySchema'], 'a table needs a HASH key (its partition key), e.g. [{ AttributeName: id, KeyType: HASH }]');
  return { hash, range };
}

function readTimeToLive(fields: Fields): string | undefined | Unresolved {
  const specification = readMap(fields, 'TimeToLiveSpecification');
  if (specification === undefined) return undefined;
  checkKeys(specification, { read: ['AttributeName', 'Enabled'], noted: {} }, 'TimeToLiveSpecification');
  const attribute = readString(specification, 'AttributeName');
  const enabled = readBoolean(specification, 'Enabled', { required: true });
  if (enabled === true && attribute === undefined && specification.map['AttributeName'] === undefined) {
    fields.log.problem([...specification.path, 'AttributeName'], 'required field is missing when Enabled is true: the attribute that holds each item\'s expiry time');
    return unresolved;
  }
  return enabled === true ? attribute : undefined;
}
