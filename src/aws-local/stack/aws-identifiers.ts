/**
 * The account and region a local stack pretends to live in, and the names
 * AWS would give its resources. Fixed values, so that a template resolves the
 * same way on every run and every machine.
 */
export const pseudoParameters = {
  region: 'us-east-1',
  accountId: '123456789012',
  partition: 'aws',
  urlSuffix: 'amazonaws.com',
} as const;

/**
 * A Lambda function's ARN, as `!GetAtt Function.Arn` gives it.
 *
 * @example
 * functionArn('chat') // 'arn:aws:lambda:us-east-1:123456789012:function:chat'
 */
export function functionArn(functionName: string): string {
  return `arn:${pseudoParameters.partition}:lambda:${pseudoParameters.region}:${pseudoParameters.accountId}:function:${functionName}`;
}

/**
 * A DynamoDB table's ARN, as `!GetAtt Table.Arn` gives it.
 *
 * @example
 * tableArn('sessions') // 'arn:aws:dynamodb:us-east-1:123456789012:table/sessions'
 */
export function tableArn(tableName: string): string {
  return `arn:${pseudoParameters.partition}:dynamodb:${pseudoParameters.region}:${pseudoParameters.accountId}:table/${tableName}`;
}

/**
 * An IAM role's ARN, as `!GetAtt Role.Arn` gives it.
 *
 * @example
 * roleArn('chat-role') // 'arn:aws:iam::123456789012:role/chat-role'
 */
export function roleArn(roleName: string): string {
  return `arn:${pseudoParameters.partition}:iam::${pseudoParameters.accountId}:role/${roleName}`;
}

/**
 * The function ARN inside an API Gateway Lambda integration URI
 * (`arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations`),
 * or undefined when the URI is not one.
 *
 * @example
 * functionArnOfIntegrationUri('arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:chat/invocations')
 * // 'arn:aws:lambda:us-east-1:123456789012:function:chat'
 */
export function functionArnOfIntegrationUri(uri: string): string | undefined {
  return /^arn:[\w-]+:apigateway:[\w-]+:lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/.exec(uri)?.[1];
}

/**
 * A stable identifier of lower-case letters and digits, like the ids API
 * Gateway gives (`a1b2c3d4e5`): the same seed gives the same id on every
 * run, so a URL printed once stays valid.
 *
 * @example
 * stableId('AWS::ApiGatewayV2::Api ChatSocket', 10) // 10 characters, always the same for this seed
 */
export function stableId(seed: string, length: number): string {
  let id = '';
  for (let round = 0; id.length < length; round++) {
    // FNV-1a, once per round with the round mixed in, for as many characters as asked.
    let hash = 0x811c9dc5;
    const input = `${round}:${seed}`;
    for (let index = 0; index < input.length; index++) {
      hash ^= input.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193);
    }
    id += (hash >>> 0).toString(36).padStart(7, '0').slice(-6);
  }
  return id.slice(0, length);
}
