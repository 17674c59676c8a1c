/**
 * `bedrock-emulator/lambda`: a local host for Lambda handlers — a Function URL
 * that streams as on AWS, the Lambda Invoke APIs, the handler in process or
 * under the real runtime interface client.
 */
export { startLambdaHost, type LambdaHostOptions, type RunningLambdaHost, type InvocationRecord } from './start-lambda-host.ts';
export type { InvokeMode } from './host/function-url-response.ts';
export { lambdaLimits, type ResponseLimits } from './host/function-config.ts';
