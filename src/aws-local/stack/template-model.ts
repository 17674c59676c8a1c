/**
 * What `bedrock-emulator stack TEMPLATE` reads from a SAM / CloudFormation
 * template: the functions, the front doors in front of them, the tables they
 * use, and notes on what the template declares that has no local effect.
 * Every value is resolved: no intrinsic function is left for a server to
 * evaluate.
 */

import type { LambdaRuntime } from '../host/lambda-runtimes.ts';

/** A DynamoDB key attribute's type: string, number or binary. */
export type StackKeyType = 'S' | 'N' | 'B';

/** One `AWS::Serverless::Function`, with Globals.Function merged in. */
export type StackFunction = {
  readonly logicalId: string;
  /** The FunctionName property, else the logical id. */
  readonly functionName: string;
  /** Runtime, else Globals.Function.Runtime: one the local host runs (`nodejs22.x`, `python3.12`, …). */
  readonly runtime: LambdaRuntime;
  /** CodeUri as written (relative to the template's folder), else Globals', else `.`: the function's code folder. */
  readonly codeUri: string;
  /** Handler as written, e.g. `index.handler` or `app.lambda_handler`. */
  readonly handler: string;
  /** Absolute path of the handler module: CodeUri (relative to the template's folder) + the Handler's module part, with the first of .js, .mjs, .cjs, .ts, .mts that exists (Python: .py, or a package's __init__.py). */
  readonly handlerFile: string;
  /** The Handler's part after the module, as Lambda splits it: `index.handler` → `handler` (`index.api.handler` → `api.handler`, a nested export; Python: after the last dot). */
  readonly handlerExport: string;
  /** Timeout, else Globals.Function.Timeout, else Lambda's 3. */
  readonly timeoutSeconds: number;
  /** MemorySize, else Globals.Function.MemorySize, else Lambda's 128. */
  readonly memorySizeMb: number;
  /** Environment.Variables, the function's own over Globals', each value resolved to a string. */
  readonly environment: Readonly<Record<string, string>>;
  /** FunctionUrlConfig, when the function has a Function URL (InvokeMode defaults to BUFFERED). */
  readonly functionUrl: { readonly invokeMode: 'BUFFERED' | 'RESPONSE_STREAM' } | undefined;
};

/** A SAM `Type: Api` event: one method and path of the REST API. */
export type StackRestRoute = {
  readonly functionLogicalId: string;
  /** As written, e.g. `/chat/{id}` or `/{proxy+}`. */
  readonly path: string;
  /** Upper case (`GET`, `POST`, …); SAM's `any` becomes `ANY`. */
  readonly method: string;
};

/** A SAM `Type: HttpApi` event; no Path and no Method is the `$default` route. */
export type StackHttpRoute = {
  readonly functionLogicalId: string;
  readonly path: string | undefined;
  /** Upper case (`GET`, …, `ANY`), or undefined for the `$default` route. */
  readonly method: string | undefined;
};

/** One `AWS::ApiGatewayV2::Route` of a WebSocket API and the function its integration calls. */
export type StackWebSocketRoute = {
  /** `$connect`, `$disconnect`, `$default` or a value of the route selection expression, e.g. `chat`. */
  readonly routeKey: string;
  readonly functionLogicalId: string;
  /** True when an `AWS::ApiGatewayV2::RouteResponse` with key `$default` makes the route two-way: the function's result goes back to the client. */
  readonly routeResponse: boolean;
};

/** One `AWS::ApiGatewayV2::Api` with ProtocolType WEBSOCKET, with its routes. */
export type StackWebSocketApi = {
  readonly logicalId: string;
  readonly name: string;
  /** RouteSelectionExpression, default `$request.body.action`. */
  readonly routeSelectionExpression: string;
  /** The StageName of its `AWS::ApiGatewayV2::Stage`, else `prod`. */
  readonly stageName: string;
  /** In the template's order. */
  readonly routes: readonly StackWebSocketRoute[];
};

/** One `AWS::DynamoDB::Table`. */
export type StackTable = {
  readonly logicalId: string;
  /** TableName, else `${StackName}-${LogicalId}`. */
  readonly tableName: string;
  readonly partitionKey: { readonly name: string; readonly type: StackKeyType };
  readonly sortKey: { readonly name: string; readonly type: StackKeyType } | undefined;
  /** The TTL attribute, when TimeToLiveSpecification is enabled. */
  readonly timeToLiveAttribute: string | undefined;
};

/** Everything a local stack starts from one template. */
export type StackModel = {
  /** In the template's order. */
  readonly functions: readonly StackFunction[];
  /** SAM's REST API for `Type: Api` events: stage `Prod` (SAM's default) unless the events' RestApiId names an `AWS::Serverless::Api` with its own StageName. */
  readonly restApi: { readonly stageName: string; readonly routes: readonly StackRestRoute[] } | undefined;
  /** SAM's implicit HTTP API for `Type: HttpApi` events, on its `$default` stage. */
  readonly httpApi: { readonly routes: readonly StackHttpRoute[] } | undefined;
  readonly webSocketApis: readonly StackWebSocketApi[];
  readonly tables: readonly StackTable[];
  /** What the template declares that has no local effect, one sentence each, e.g. `PermissionForWs (AWS::Lambda::Permission): permissions are not checked locally`. */
  readonly notes: readonly string[];
};
