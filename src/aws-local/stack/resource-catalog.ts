/** The properties of one resource type that `bedrock-emulator stack` accepts. */
export type PropertyRules = {
  /** Properties the reader uses. */
  readonly read: readonly string[];
  /** Properties accepted without local effect, each with the reason the note gives. */
  readonly noted: Readonly<Record<string, string>>;
};

/** A resource type the reader turns into part of the model, or one it accepts with a note only. */
export type ResourceRules = { readonly kind: 'read'; readonly properties: PropertyRules } | { readonly kind: 'noted'; readonly reason: string };

const permissions = 'permissions are not checked locally';
const description = 'descriptions have no local effect';
const tags = 'tags have no local effect';
const liveAtStart = 'every route is live as soon as the stack starts';

/** The properties Globals.Function may set (SAM takes more; these are the ones a local stack reads or can ignore safely). */
export const globalFunctionRules: PropertyRules = {
  read: ['Handler', 'CodeUri', 'Runtime', 'Timeout', 'MemorySize', 'Environment'],
  noted: { Architectures: "the function runs on this machine's architecture", Description: description, Tracing: 'X-Ray tracing is not emulated', Tags: tags },
};

/**
 * Every resource type a template may hold, and what of each is read. Any
 * other type is an error: a resource the stack quietly skipped would leave
 * the author wondering why it is not there.
 *
 * @example
 * resourceCatalog['AWS::Lambda::Permission'] // { kind: 'noted', reason: 'permissions are not checked locally' }
 */
export const resourceCatalog: Readonly<Record<string, ResourceRules>> = {
  'AWS::Serverless::Function': {
    kind: 'read',
    properties: {
      read: ['FunctionName', 'Handler', 'CodeUri', 'Runtime', 'Timeout', 'MemorySize', 'Environment', 'FunctionUrlConfig', 'Events'],
      noted: { ...globalFunctionRules.noted, Policies: permissions, Role: permissions },
    },
  },
  'AWS::Serverless::Api': { kind: 'read', properties: { read: ['StageName'], noted: { Description: description } } },
  'AWS::ApiGatewayV2::Api': {
    kind: 'read',
    properties: { read: ['Name', 'ProtocolType', 'RouteSelectionExpression'], noted: { Description: description, Tags: tags } },
  },
  'AWS::ApiGatewayV2::Integration': {
    kind: 'read',
    properties: {
      read: ['ApiId', 'IntegrationType', 'IntegrationUri', 'IntegrationMethod', 'PayloadFormatVersion'],
      noted: { Description: description, CredentialsArn: permissions, TimeoutInMillis: "not read: API Gateway's default integration timeout applies locally (29 s WebSocket, 30 s HTTP API)" },
    },
  },
  'AWS::ApiGatewayV2::Route': {
    kind: 'read',
    properties: {
      read: ['ApiId', 'RouteKey', 'Target', 'AuthorizationType', 'ApiKeyRequired', 'RouteResponseSelectionExpression'],
      noted: { OperationName: 'operation names have no local effect' },
    },
  },
  'AWS::ApiGatewayV2::RouteResponse': { kind: 'read', properties: { read: ['ApiId', 'RouteId', 'RouteResponseKey'], noted: {} } },
  'AWS::ApiGatewayV2::Stage': {
    kind: 'read',
    properties: {
      read: ['ApiId', 'StageName'],
      noted: {
        AutoDeploy: liveAtStart,
        DeploymentId: liveAtStart,
        Description: description,
        DefaultRouteSettings: 'throttling and logging settings are not applied locally',
        RouteSettings: 'throttling and logging settings are not applied locally',
        AccessLogSettings: 'access logs are not written locally',
        Tags: tags,
      },
    },
  },
  'AWS::ApiGatewayV2::Deployment': { kind: 'noted', reason: `deployments have no local effect: ${liveAtStart}` },
  'AWS::DynamoDB::Table': {
    kind: 'read',
    properties: {
      read: ['TableName', 'KeySchema', 'AttributeDefinitions', 'BillingMode', 'TimeToLiveSpecification'],
      noted: {
        ProvisionedThroughput: 'capacity is not limited locally',
        PointInTimeRecoverySpecification: 'backups are not kept locally',
        SSESpecification: 'encryption settings have no local effect',
        DeletionProtectionEnabled: 'the local table lives as long as the stack',
        TableClass: 'table classes have no local effect',
        ContributorInsightsSpecification: 'Contributor Insights is not emulated',
        Tags: tags,
      },
    },
  },
  'AWS::Lambda::Permission': { kind: 'noted', reason: permissions },
  'AWS::IAM::Role': { kind: 'noted', reason: 'IAM roles are not enforced locally' },
  'AWS::IAM::Policy': { kind: 'noted', reason: 'IAM policies are not enforced locally' },
};

/** The resource types, as listed in the message for an unsupported one. */
export const supportedResourceTypes: readonly string[] = Object.keys(resourceCatalog);
