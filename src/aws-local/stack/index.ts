/**
 * `bedrock-emulator/stack`: a SAM / CloudFormation template's functions,
 * front doors and DynamoDB tables, started locally; and the local DynamoDB
 * on its own.
 */
export { startStack, type StackOptions, type RunningStack, type StackEndpoint } from './start-stack.ts';
export { readTemplate } from './read-template.ts';
export { TemplateError } from './template-error.ts';
export type { StackModel, StackFunction, StackWebSocketApi, StackTable } from './template-model.ts';
export { startLocalDynamoDb, type LocalDynamoDb, type LocalDynamoDbOptions, type TableSpec } from './local-dynamodb.ts';
