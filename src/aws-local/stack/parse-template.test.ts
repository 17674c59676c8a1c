import { describe, expect, it } from 'vitest';
import { parseTemplate, stackNameOf } from './parse-template.ts';
import { TemplateError } from './template-error.ts';
import type { StackModel } from './template-model.ts';

/** Handlers "exist" under /app: CodeUri + module + .js, so every Handler resolves unless a test says otherwise. */
const resolveHandler = (codeUri: string, module: string): string => `/app/${codeUri === '.' ? '' : codeUri.replace(/\/?$/, '/')}${module}.js`;

/** Strips the indentation of the first line from every line, so templates can sit indented in the test. */
function yaml(strings: TemplateStringsArray, ...values: string[]): string {
  const text = strings.reduce((joined, piece, index) => joined + piece + (values[index] ?? ''), '').replace(/^\n/, '');
  const indent = /^ */.exec(text)?.[0].length ?? 0;
  return text
    .split('\n')
    .map((line) => line.slice(Math.min(indent, /^ */.exec(line)?.[0].length ?? 0)))
    .join('\n');
}

const parse = (text: string, file = 'template.yaml'): StackModel => parseTemplate(text, { file, resolveHandler });

/** Each problem as the CLI prints it: `file:line: field: message`. */
function problemsOf(text: string, options: { file?: string; resolveHandler?: (codeUri: string, module: string) => string | undefined } = {}): string[] {
  try {
    parseTemplate(text, { file: options.file ?? 'template.yaml', resolveHandler: options.resolveHandler ?? resolveHandler });
  } catch (error) {
    if (error instanceof TemplateError) return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
    throw error;
  }
  throw new Error('expected the template to be rejected');
}

/** A SAM template with one function whose properties end with the given lines (indented for Properties). */
function withFunction(properties: string, rest = ''): string {
  return yaml`
    Transform: AWS::Serverless-2016-10-31
    Resources:
      Chat:
        Type: AWS::Serverless::Function
        Properties:
          Runtime: nodejs22.x
          Handler: index.handler
    ` + properties.split('\n').filter((line) => line !== '').map((line) => `      ${line}\n`).join('') + rest;
}

/** A template whose function has one environment variable VALUE, plus a table, a parameter and a WebSocket API to refer to. */
function valueOf(expression: string): string | undefined {
  const text = yaml`
    Transform: AWS::Serverless-2016-10-31
    Parameters:
      Stage: { Type: String, Default: dev }
      Timeout: { Type: Number, Default: 30 }
      Names: { Type: CommaDelimitedList, Default: "a,b,c" }
    Resources:
      Chat:
        Type: AWS::Serverless::Function
        Properties:
          FunctionName: chat-fn
          Runtime: nodejs22.x
          Handler: index.handler
          Environment:
            Variables:
              VALUE: ${expression}
      Sessions:
        Type: AWS::DynamoDB::Table
        Properties:
          TableName: sessions
          KeySchema: [{ AttributeName: id, KeyType: HASH }]
          AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      Socket:
        Type: AWS::ApiGatewayV2::Api
        Properties: { Name: chat, ProtocolType: WEBSOCKET }
      Role:
        Type: AWS::IAM::Role
        Properties: { RoleName: chat-role }
  `;
  return parse(text).functions[0]?.environment['VALUE'];
}

describe('parseTemplate: functions', () => {
  it('reads a minimal function with Lambda defaults', () => {
    const model = parse(withFunction(''));
    expect(model.functions).toEqual([
      { logicalId: 'Chat', functionName: 'Chat', runtime: 'nodejs22.x', codeUri: '.', handler: 'index.handler', handlerFile: '/app/index.js', handlerExport: 'handler', timeoutSeconds: 3, memorySizeMb: 128, environment: {}, functionUrl: undefined },
    ]);
    expect(model).toMatchObject({ restApi: undefined, httpApi: undefined, webSocketApis: [], tables: [], notes: [] });
  });

  it('takes Globals.Function under the function own settings, Environment merged', () => {
    const model = parse(yaml`
      Transform: AWS::Serverless-2016-10-31
      Globals:
        Function:
          Runtime: nodejs24.x
          Handler: app.main
          CodeUri: functions/
          Timeout: 60
          MemorySize: 1024
          Environment:
            Variables: { SHARED: one, LEVEL: global }
      Resources:
        First:
          Type: AWS::Serverless::Function
        Second:
          Type: AWS::Serverless::Function
          Properties:
            Timeout: 900
            MemorySize: 256
            CodeUri: other
            Environment:
              Variables: { LEVEL: own, COUNT: 3, ON: true }
    `);
    expect(model.functions).toEqual([
      { logicalId: 'First', functionName: 'First', runtime: 'nodejs24.x', codeUri: 'functions/', handler: 'app.main', handlerFile: '/app/functions/app.js', handlerExport: 'main', timeoutSeconds: 60, memorySizeMb: 1024, environment: { SHARED: 'one', LEVEL: 'global' }, functionUrl: undefined },
      { logicalId: 'Second', functionName: 'Second', runtime: 'nodejs24.x', codeUri: 'other', handler: 'app.main', handlerFile: '/app/other/app.js', handlerExport: 'main', timeoutSeconds: 900, memorySizeMb: 256, environment: { SHARED: 'one', LEVEL: 'own', COUNT: '3', ON: 'true' }, functionUrl: undefined },
    ]);
  });

  it('splits Handler as Lambda does and asks for the module inside CodeUri', () => {
    const asked: string[] = [];
    const model = parseTemplate(withFunction('CodeUri: src').replace('Handler: index.handler', 'Handler: handlers/chat.api.stream'), {
      file: 'template.yaml',
      resolveHandler: (codeUri, module) => {
        asked.push(`${codeUri} ${module}`);
        return `/x/${module}.ts`;
      },
    });
    expect(asked).toEqual(['src handlers/chat']);
    expect(model.functions[0]).toMatchObject({ handlerFile: '/x/handlers/chat.ts', handlerExport: 'api.stream' });
  });

  it('splits a Python Handler at its last dot and asks for the module as a file or a package', () => {
    const asked: string[] = [];
    const model = parseTemplate(withFunction('CodeUri: src').replace('Handler: index.handler', 'Handler: handlers/chat.api.stream').replace('Runtime: nodejs22.x', 'Runtime: python3.13'), {
      file: 'template.yaml',
      resolveHandler: (codeUri, module, endings) => {
        asked.push(`${codeUri} ${module} ${endings.join(' ')}`);
        return `/x/${module}/__init__.py`;
      },
    });
    expect(asked).toEqual(['src handlers/chat/api .py /__init__.py']);
    expect(model.functions[0]).toMatchObject({ runtime: 'python3.13', codeUri: 'src', handler: 'handlers/chat.api.stream', handlerFile: '/x/handlers/chat/api/__init__.py', handlerExport: 'stream' });
  });

  it("takes a CodeUri outside the template's folder, as SAM CLI does, and notes where the handler runs from", () => {
    const outside = parse(withFunction('CodeUri: ../shared/'));
    expect(outside.functions[0]?.handlerFile).toBe('/app/../shared/index.js');
    expect(outside.notes).toEqual(['Chat (AWS::Serverless::Function): CodeUri "../shared/" is outside the template\'s folder; its handler runs from /app/../shared/index.js, as `sam local` would run it']);
    expect(parse(withFunction('CodeUri: /opt/code')).notes).toEqual(['Chat (AWS::Serverless::Function): CodeUri "/opt/code" is outside the template\'s folder; its handler runs from /app//opt/code/index.js, as `sam local` would run it']);
    expect(parse(withFunction('CodeUri: src/../lib')).notes).toEqual([]);
  });

  it('reads FunctionName, and a Function URL with its invoke mode (BUFFERED by default)', () => {
    const streaming = parse(withFunction('FunctionName: chat-stream\nFunctionUrlConfig:\n  AuthType: NONE\n  InvokeMode: RESPONSE_STREAM'));
    expect(streaming.functions[0]).toMatchObject({ functionName: 'chat-stream', functionUrl: { invokeMode: 'RESPONSE_STREAM' } });
    const buffered = parse(withFunction('FunctionUrlConfig:\n  AuthType: AWS_IAM\n  Cors: { AllowOrigins: ["*"] }'));
    expect(buffered.functions[0]?.functionUrl).toEqual({ invokeMode: 'BUFFERED' });
    expect(buffered.notes).toEqual([
      'Chat (AWS::Serverless::Function): FunctionUrlConfig: AuthType AWS_IAM: requests are not authenticated locally',
      'Chat (AWS::Serverless::Function): FunctionUrlConfig: Cors: CORS headers are not added locally',
    ]);
  });

  it('accepts Policies, Role, Description, Architectures, Tracing and Tags with a note each', () => {
    const model = parse(
      withFunction(
        'Policies:\n  - DynamoDBCrudPolicy: { TableName: !Ref AWS::StackName }\nRole: !Sub arn:aws:iam::${AWS::AccountId}:role/x\nDescription: chat\nArchitectures: [arm64]\nTracing: Active\nTags: { team: ai }',
      ),
    );
    expect(model.notes).toEqual([
      'Chat (AWS::Serverless::Function): Policies: permissions are not checked locally',
      'Chat (AWS::Serverless::Function): Role: permissions are not checked locally',
      'Chat (AWS::Serverless::Function): Description: descriptions have no local effect',
      "Chat (AWS::Serverless::Function): Architectures: the function runs on this machine's architecture",
      'Chat (AWS::Serverless::Function): Tracing: X-Ray tracing is not emulated',
      'Chat (AWS::Serverless::Function): Tags: tags have no local effect',
    ]);
  });
});

describe('parseTemplate: SAM events', () => {
  it('puts Api events on the implicit REST API, stage Prod, methods upper case', () => {
    const model = parse(withFunction('Events:\n  Post:\n    Type: Api\n    Properties: { Path: /chat, Method: post }\n  Any:\n    Type: Api\n    Properties: { Path: "/{proxy+}", Method: any }'));
    expect(model.restApi).toEqual({
      stageName: 'Prod',
      routes: [
        { functionLogicalId: 'Chat', path: '/chat', method: 'POST' },
        { functionLogicalId: 'Chat', path: '/{proxy+}', method: 'ANY' },
      ],
    });
  });

  it('takes the stage of the AWS::Serverless::Api that RestApiId names', () => {
    const model = parse(
      withFunction(
        'Events:\n  Post:\n    Type: Api\n    Properties: { Path: /chat, Method: POST, RestApiId: !Ref ChatApi }',
        '  ChatApi:\n    Type: AWS::Serverless::Api\n    Properties: { StageName: v1, Description: the chat API }\n  Unused:\n    Type: AWS::Serverless::Api\n    Properties: { StageName: v2 }\n',
      ),
    );
    expect(model.restApi).toEqual({ stageName: 'v1', routes: [{ functionLogicalId: 'Chat', path: '/chat', method: 'POST' }] });
    expect(model.notes).toEqual([
      'ChatApi (AWS::Serverless::Api): Description: descriptions have no local effect',
      'Unused (AWS::Serverless::Api): no Api event names it in RestApiId, so it serves nothing locally',
    ]);
  });

  it('puts HttpApi events on the implicit HTTP API; no Path and Method is $default', () => {
    const model = parse(withFunction('Events:\n  Default:\n    Type: HttpApi\n  Get:\n    Type: HttpApi\n    Properties: { Path: "/items/{id}", Method: get, PayloadFormatVersion: "2.0" }'));
    expect(model.httpApi).toEqual({
      routes: [
        { functionLogicalId: 'Chat', path: undefined, method: undefined },
        { functionLogicalId: 'Chat', path: '/items/{id}', method: 'GET' },
      ],
    });
    expect(model.restApi).toBeUndefined();
  });
});

describe('parseTemplate: intrinsic functions', () => {
  it.each([
    ['!Ref Stage', 'dev'],
    ['!Ref Timeout', '30'],
    ['!Ref AWS::Region', 'us-east-1'],
    ['!Ref AWS::AccountId', '123456789012'],
    ['!Ref AWS::StackName', 'template'],
    ['!Ref AWS::Partition', 'aws'],
    ['!Ref AWS::URLSuffix', 'amazonaws.com'],
    ['!Ref Chat', 'chat-fn'],
    ['!Ref Sessions', 'sessions'],
    ['!Ref Socket', expect.stringMatching(/^[a-z0-9]{10}$/)],
    ['!GetAtt Chat.Arn', 'arn:aws:lambda:us-east-1:123456789012:function:chat-fn'],
    ['!GetAtt [Sessions, Arn]', 'arn:aws:dynamodb:us-east-1:123456789012:table/sessions'],
    ['!GetAtt Role.Arn', 'arn:aws:iam::123456789012:role/chat-role'],
    ['!GetAtt Socket.ApiEndpoint', expect.stringMatching(/^wss:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/)],
    ['!Sub "${AWS::StackName}-${Stage}:${Sessions.Arn}"', 'template-dev:arn:aws:dynamodb:us-east-1:123456789012:table/sessions'],
    ['!Sub "${!NotReplaced} ${ Stage }"', '${NotReplaced} dev'],
    ['!Sub ["${Name}/${Stage}", { Name: !Ref Sessions }]', 'sessions/dev'],
    ["!Join ['/', [integrations, !Ref Stage, 42]]", 'integrations/dev/42'],
    ["!Join [',', !Ref Names]", 'a,b,c'],
    ["!Join ['', [!Sub '${Stage}-', !GetAtt Chat.Arn]]", 'dev-arn:aws:lambda:us-east-1:123456789012:function:chat-fn'],
    ['{ Ref: Stage }', 'dev'],
    ['{ "Fn::GetAtt": [Chat, Arn] }', 'arn:aws:lambda:us-east-1:123456789012:function:chat-fn'],
    ['{ "Fn::GetAtt": Chat.Arn }', 'arn:aws:lambda:us-east-1:123456789012:function:chat-fn'],
    ['{ "Fn::Sub": "${Stage}!" }', 'dev!'],
    ['{ "Fn::Sub": ["${A}", { A: { Ref: Stage } }] }', 'dev'],
    ['{ "Fn::Join": ["-", [a, { Ref: Stage }]] }', 'a-dev'],
  ])('%s → %s', (expression, expected) => {
    expect(valueOf(expression)).toEqual(expected);
  });

  it("refers to SAM's implicit APIs by their logical ids", () => {
    const model = parse(
      withFunction(
        'Environment:\n  Variables:\n    REST: !Sub "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod"\n    HTTP: !GetAtt ServerlessHttpApi.ApiEndpoint\nEvents:\n  Rest: { Type: Api, Properties: { Path: /a, Method: get } }\n  Http: { Type: HttpApi }',
      ),
    );
    expect(model.functions[0]?.environment).toEqual({
      REST: expect.stringMatching(/^https:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com\/Prod$/),
      HTTP: expect.stringMatching(/^https:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/),
    });
  });

  it('gives stable ids: the same logical id, the same id, on every parse', () => {
    expect(valueOf('!Ref Socket')).toBe(valueOf('!Ref Socket'));
  });

  it('reads a JSON template with the long forms', () => {
    const model = parse(
      JSON.stringify({
        Transform: 'AWS::Serverless-2016-10-31',
        Resources: {
          Chat: {
            Type: 'AWS::Serverless::Function',
            Properties: {
              Runtime: 'nodejs22.x',
              Handler: 'index.handler',
              Environment: { Variables: { TABLE: { Ref: 'Sessions' }, ARN: { 'Fn::GetAtt': ['Sessions', 'Arn'] }, NAME: { 'Fn::Sub': '${AWS::StackName}' }, PATH: { 'Fn::Join': ['/', ['a', { Ref: 'AWS::Region' }]] } } },
            },
          },
          Sessions: { Type: 'AWS::DynamoDB::Table', Properties: { KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] } },
        },
      }),
      'stack/chat.json',
    );
    expect(model.functions[0]?.environment).toEqual({ TABLE: 'chat-Sessions', ARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/chat-Sessions', NAME: 'chat', PATH: 'a/us-east-1' });
  });

  it('puts problems of a JSON template on their lines', () => {
    const text = '{\n  "Transform": "AWS::Serverless-2016-10-31",\n  "Resources": {\n    "Chat": {\n      "Type": "AWS::Serverless::Function",\n      "Properties": {\n        "Runtime": "nodejs20.x",\n        "Handler": "index.handler"\n      }\n    }\n  }\n}\n';
    expect(problemsOf(text, { file: 'template.json' })).toEqual(['template.json:7: Resources.Chat.Properties.Runtime: nodejs20.x is not supported here: Lambda has deprecated it; use nodejs22.x, nodejs24.x, python3.11, python3.12, python3.13, python3.14']);
  });
});

describe('parseTemplate: WebSocket APIs', () => {
  const socket = (extra = ''): string => yaml`
    Transform: AWS::Serverless-2016-10-31
    Resources:
      Chat:
        Type: AWS::Serverless::Function
        Properties: { Runtime: nodejs22.x, Handler: index.handler }
      Socket:
        Type: AWS::ApiGatewayV2::Api
        Properties: { Name: chat-socket, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.type }
      Integration:
        Type: AWS::ApiGatewayV2::Integration
        Properties:
          ApiId: !Ref Socket
          IntegrationType: AWS_PROXY
          IntegrationUri: !Join ['', ['arn:aws:apigateway:', !Ref AWS::Region, ':lambda:path/2015-03-31/functions/', !GetAtt Chat.Arn, '/invocations']]
      Connect:
        Type: AWS::ApiGatewayV2::Route
        Properties: { ApiId: !Ref Socket, RouteKey: $connect, AuthorizationType: NONE, Target: !Join ['/', [integrations, !Ref Integration]] }
      Send:
        Type: AWS::ApiGatewayV2::Route
        Properties: { ApiId: !Ref Socket, RouteKey: send, Target: !Sub 'integrations/\${Integration}', RouteResponseSelectionExpression: $default }
      SendResponse:
        Type: AWS::ApiGatewayV2::RouteResponse
        Properties: { ApiId: !Ref Socket, RouteId: !Ref Send, RouteResponseKey: $default }
  ` + extra;

  it('reads the API, its routes through their integrations, and the two-way route', () => {
    expect(parse(socket()).webSocketApis).toEqual([
      {
        logicalId: 'Socket',
        name: 'chat-socket',
        routeSelectionExpression: '$request.body.type',
        stageName: 'prod',
        routes: [
          { routeKey: '$connect', functionLogicalId: 'Chat', routeResponse: false },
          { routeKey: 'send', functionLogicalId: 'Chat', routeResponse: true },
        ],
      },
    ]);
  });

  it('takes the Stage name, and notes the Deployment and what the Stage sets without local effect', () => {
    const model = parse(
      socket(
        '  Stage:\n    Type: AWS::ApiGatewayV2::Stage\n    Properties: { ApiId: !Ref Socket, StageName: live, AutoDeploy: true }\n  Deployment:\n    Type: AWS::ApiGatewayV2::Deployment\n    DependsOn: [Connect, Send]\n    Properties: { ApiId: !Ref Socket }\n',
      ),
    );
    expect(model.webSocketApis[0]?.stageName).toBe('live');
    expect(model.notes).toEqual([
      'Stage (AWS::ApiGatewayV2::Stage): AutoDeploy: every route is live as soon as the stack starts',
      'Deployment (AWS::ApiGatewayV2::Deployment): deployments have no local effect: every route is live as soon as the stack starts',
    ]);
  });

  it('defaults RouteSelectionExpression to $request.body.action', () => {
    expect(parse(socket().replace(', RouteSelectionExpression: $request.body.type', '')).webSocketApis[0]?.routeSelectionExpression).toBe('$request.body.action');
  });

  it.each([
    ['HTTP ProtocolType', (text: string) => text.replace('ProtocolType: WEBSOCKET', 'ProtocolType: HTTP'), [
      'template.yaml:8: Resources.Socket.Properties.ProtocolType: HTTP APIs are read from SAM instead: give the function an event of Type HttpApi (with Path and Method, or neither for $default) and remove this resource',
    ]],
    ['an HTTP integration', (text: string) => text.replace('IntegrationType: AWS_PROXY', 'IntegrationType: HTTP_PROXY'), [
      'template.yaml:13: Resources.Integration.Properties.IntegrationType: HTTP_PROXY integrations are not supported locally; use AWS_PROXY (a Lambda proxy integration)',
    ]],
    ['an integration URI that is not a function of the template', (text: string) => text.replace("!GetAtt Chat.Arn", "'arn:aws:lambda:us-east-1:123456789012:function:elsewhere'"), [
      'template.yaml:14: Resources.Integration.Properties.IntegrationUri: arn:aws:lambda:us-east-1:123456789012:function:elsewhere is not a function of this template; use the Arn of an AWS::Serverless::Function, e.g. ${ChatFunction.Arn}',
    ]],
    ['an authorizer', (text: string) => text.replace('AuthorizationType: NONE', 'AuthorizationType: AWS_IAM'), [
      'template.yaml:17: Resources.Connect.Properties.AuthorizationType: AWS_IAM is not supported locally (authorizers are not run); leave AuthorizationType out or write NONE',
    ]],
    ['a target that is not an integration', (text: string) => text.replace("!Sub 'integrations/${Integration}'", 'integrations/abc'), [
      'template.yaml:20: Resources.Send.Properties.Target: expected integrations/ and the id of an AWS::ApiGatewayV2::Integration of this template, e.g. !Sub integrations/${ChatIntegration}, got "integrations/abc"',
    ]],
    ['a route key twice', (text: string) => text.replace('RouteKey: send', 'RouteKey: $connect'), [
      'template.yaml:20: Resources.Send.Properties.RouteKey: Socket already has the route $connect at Resources.Connect.Properties.RouteKey',
    ]],
    ['a route response key other than $default', (text: string) => text.replace('RouteResponseKey: $default', 'RouteResponseKey: $error'), [
      'template.yaml:23: Resources.SendResponse.Properties.RouteResponseKey: only $default is supported locally, got "$error"',
    ]],
    ['an ApiId that is not a WebSocket API', (text: string) => text.replace('Properties: { ApiId: !Ref Socket, RouteKey: send', 'Properties: { ApiId: !Ref Chat, RouteKey: send'), [
      'template.yaml:20: Resources.Send.Properties.ApiId: expected a Ref to an AWS::ApiGatewayV2::Api with ProtocolType WEBSOCKET of this template, e.g. !Ref ChatSocket, got "Chat"',
    ]],
  ])('reports %s', (_name, change, expected) => {
    expect(problemsOf(change(socket()))).toEqual(expected);
  });
});

describe('parseTemplate: DynamoDB tables', () => {
  const table = (properties: string, file = 'template.yaml'): StackModel =>
    parse(`Resources:\n  Sessions:\n    Type: AWS::DynamoDB::Table\n    Properties:\n${properties.split('\n').map((line) => `      ${line}`).join('\n')}\n`, file);

  it('reads the key, the TTL attribute, and names the table after the stack', () => {
    const model = table(
      'BillingMode: PAY_PER_REQUEST\nKeySchema: [{ AttributeName: pk, KeyType: HASH }, { AttributeName: sk, KeyType: RANGE }]\nAttributeDefinitions:\n  - { AttributeName: sk, AttributeType: N }\n  - { AttributeName: pk, AttributeType: S }\nTimeToLiveSpecification: { AttributeName: expiresAt, Enabled: true }',
      'infra/chat.yaml',
    );
    expect(model.tables).toEqual([{ logicalId: 'Sessions', tableName: 'chat-Sessions', partitionKey: { name: 'pk', type: 'S' }, sortKey: { name: 'sk', type: 'N' }, timeToLiveAttribute: 'expiresAt' }]);
  });

  it('takes TableName, and no TTL attribute when TTL is disabled', () => {
    const model = table('TableName: sessions\nKeySchema: [{ AttributeName: id, KeyType: HASH }]\nAttributeDefinitions: [{ AttributeName: id, AttributeType: B }]\nTimeToLiveSpecification: { AttributeName: ttl, Enabled: false }\nProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 }');
    expect(model.tables).toEqual([{ logicalId: 'Sessions', tableName: 'sessions', partitionKey: { name: 'id', type: 'B' }, sortKey: undefined, timeToLiveAttribute: undefined }]);
    expect(model.notes).toEqual(['Sessions (AWS::DynamoDB::Table): ProvisionedThroughput: capacity is not limited locally']);
  });

  it('reports a key without a definition, a definition that is no key, and indexes', () => {
    const text = 'Resources:\n  Sessions:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      KeySchema:\n        - { AttributeName: id, KeyType: HASH }\n      AttributeDefinitions:\n        - { AttributeName: other, AttributeType: S }\n      GlobalSecondaryIndexes: []\n';
    expect(problemsOf(text)).toEqual([
      'template.yaml:6: Resources.Sessions.Properties.KeySchema[0].AttributeName: id has no entry in AttributeDefinitions; add { AttributeName: id, AttributeType: S } (or N, B)',
      'template.yaml:8: Resources.Sessions.Properties.AttributeDefinitions[0]: other is defined but is not a key; without indexes (not supported locally) AttributeDefinitions lists only the KeySchema\'s attributes',
      'template.yaml:9: Resources.Sessions.Properties.GlobalSecondaryIndexes: GlobalSecondaryIndexes is not supported by `bedrock-emulator stack` on AWS::DynamoDB::Table; supported: TableName, KeySchema, AttributeDefinitions, BillingMode, TimeToLiveSpecification, and without local effect ProvisionedThroughput, PointInTimeRecoverySpecification, SSESpecification, DeletionProtectionEnabled, TableClass, ContributorInsightsSpecification, Tags',
    ]);
  });
});

describe('parseTemplate: template sections', () => {
  it('ignores Outputs, notes unused Conditions, Mappings and Rules, and notes IAM and permissions', () => {
    const model = parse(yaml`
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Chat:
          Type: AWS::Serverless::Function
          Properties: { Runtime: nodejs22.x, Handler: index.handler }
        Permission:
          Type: AWS::Lambda::Permission
          Properties: { FunctionName: !Ref Chat, Action: lambda:InvokeFunction, Principal: apigateway.amazonaws.com }
        Role:
          Type: AWS::IAM::Role
          Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Condition: { StringEquals: { a: b } } }] } }
        Policy:
          Type: AWS::IAM::Policy
          Properties: { Roles: [!Ref Role], PolicyDocument: {} }
      Conditions:
        IsProd: !Equals [!Ref AWS::StackName, prod]
      Mappings:
        Sizes: { dev: { memory: 128 } }
      Rules: {}
      Outputs:
        Url:
          Value: !GetAtt ChatUrl.FunctionUrl
        Other:
          Value: !If [IsProd, a, b]
    `);
    expect(model.notes).toEqual([
      'Permission (AWS::Lambda::Permission): permissions are not checked locally',
      'Role (AWS::IAM::Role): IAM roles are not enforced locally',
      'Policy (AWS::IAM::Policy): IAM policies are not enforced locally',
      'Conditions: not evaluated locally, and no resource uses them',
      'Mappings: not read locally, and no resource uses them',
      'Rules: parameter rules are not checked locally (each parameter takes its Default)',
    ]);
  });

  it('names the stack after the file', () => {
    expect(stackNameOf('template.yaml')).toBe('template');
    expect(stackNameOf('C:\\stacks\\chat.prod.json')).toBe('chat.prod');
    expect(stackNameOf('infra/chat.yml')).toBe('chat');
  });
});

describe('parseTemplate: problems', () => {
  it.each([
    ['an unsupported runtime', withFunction('').replace('nodejs22.x', 'nodejs18.x'), ['template.yaml:6: Resources.Chat.Properties.Runtime: nodejs18.x is not supported here: Lambda has deprecated it; use nodejs22.x, nodejs24.x, python3.11, python3.12, python3.13, python3.14']],
    ['no runtime anywhere', withFunction('').replace('      Runtime: nodejs22.x\n', ''), ['template.yaml:5: Resources.Chat.Properties.Runtime: required field is missing (give it here or in Globals.Function), e.g. nodejs22.x or python3.13']],
    ['no handler anywhere', withFunction('').replace('      Handler: index.handler\n', ''), ['template.yaml:5: Resources.Chat.Properties.Handler: required field is missing (give it here or in Globals.Function), e.g. index.handler']],
    ['a handler without an export', withFunction('').replace('index.handler', 'index'), ['template.yaml:7: Resources.Chat.Properties.Handler: expected MODULE.EXPORT inside CodeUri, e.g. index.handler or src/chat.handler, got "index"']],
    ['a handler above its code folder', withFunction('').replace('index.handler', '../index.handler'), ['template.yaml:7: Resources.Chat.Properties.Handler: expected MODULE.EXPORT inside CodeUri, e.g. index.handler or src/chat.handler, got "../index.handler"']],
    ['a handler at an absolute path', withFunction('').replace('index.handler', '/tmp/evil.handler'), ['template.yaml:7: Resources.Chat.Properties.Handler: expected MODULE.EXPORT inside CodeUri, e.g. index.handler or src/chat.handler, got "/tmp/evil.handler"']],
    ['a timeout over 900 seconds', withFunction('Timeout: 901'), ['template.yaml:8: Resources.Chat.Properties.Timeout: expected a whole number of seconds from 1 to 900, got 901']],
    ['a memory size under 128 MB', withFunction('MemorySize: 64'), ['template.yaml:8: Resources.Chat.Properties.MemorySize: expected a whole number of MB from 128 to 10240, got 64']],
    ['an S3 CodeUri', withFunction('CodeUri: s3://bucket/code.zip'), ['template.yaml:8: Resources.Chat.Properties.CodeUri: s3://bucket/code.zip is not a local folder; point CodeUri at the function\'s source folder, relative to the template']],
    ['a variable Lambda reserves', withFunction('Environment:\n  Variables:\n    AWS_REGION: eu-west-1'), ['template.yaml:10: Resources.Chat.Properties.Environment.Variables.AWS_REGION: AWS_REGION is set by Lambda itself and cannot be configured; choose another name']],
    ['an unsupported property, with a suggestion', withFunction('Layers: [arn:aws:lambda:us-east-1:1:layer:x:1]\nTimout: 3'), [
      'template.yaml:8: Resources.Chat.Properties.Layers: Layers is not supported by `bedrock-emulator stack` on AWS::Serverless::Function; supported: FunctionName, Handler, CodeUri, Runtime, Timeout, MemorySize, Environment, FunctionUrlConfig, Events, and without local effect Architectures, Description, Tracing, Tags, Policies, Role',
      'template.yaml:9: Resources.Chat.Properties.Timout: Timout is not supported by `bedrock-emulator stack` on AWS::Serverless::Function (did you mean Timeout?); supported: FunctionName, Handler, CodeUri, Runtime, Timeout, MemorySize, Environment, FunctionUrlConfig, Events, and without local effect Architectures, Description, Tracing, Tags, Policies, Role',
    ]],
    ['an unsupported event type', withFunction('Events:\n  Queue:\n    Type: SQS\n    Properties: { Queue: arn }'), ['template.yaml:10: Resources.Chat.Properties.Events.Queue.Type: SQS events are not supported by `bedrock-emulator stack`; supported: Api, HttpApi']],
    ['an invalid invoke mode', withFunction('FunctionUrlConfig: { AuthType: NONE, InvokeMode: STREAM }'), ['template.yaml:8: Resources.Chat.Properties.FunctionUrlConfig.InvokeMode: expected one of BUFFERED, RESPONSE_STREAM, got "STREAM"']],
    ['an HttpApi event with a Path and no Method', withFunction('Events:\n  Get:\n    Type: HttpApi\n    Properties: { Path: /x }'), ['template.yaml:11: Resources.Chat.Properties.Events.Get.Properties.Method: give both Path and Method, or neither for the $default route']],
    ['an Api event without Method', withFunction('Events:\n  Get:\n    Type: Api\n    Properties: { Path: /x }'), ['template.yaml:11: Resources.Chat.Properties.Events.Get.Properties.Method: required field is missing']],
    ['a route declared twice', withFunction('Events:\n  A:\n    Type: Api\n    Properties: { Path: /x, Method: get }\n  B:\n    Type: Api\n    Properties: { Path: /x, Method: GET }'), ['template.yaml:14: Resources.Chat.Properties.Events.B.Properties: the route GET /x is already declared at Resources.Chat.Properties.Events.A.Properties; each method and path goes to one function']],
    ['Api events on two APIs', withFunction('Events:\n  A:\n    Type: Api\n    Properties: { Path: /a, Method: get }\n  B:\n    Type: Api\n    Properties: { Path: /b, Method: get, RestApiId: !Ref Other }', '  Other:\n    Type: AWS::Serverless::Api\n    Properties: { StageName: v1 }\n'), [
      "template.yaml:14: Resources.Chat.Properties.Events.B.Properties.RestApiId: every Api event goes to one REST API locally, and Resources.Chat.Properties.Events.A.Properties already uses SAM's implicit API (no RestApiId); give all Api events the same RestApiId",
    ]],
    ['a handler file that is not there', withFunction('CodeUri: src/'), ['template.yaml:7: Resources.Chat.Properties.Handler: no file for the handler module "index" in CodeUri "src/" (tried .js, .mjs, .cjs, .ts, .mts); check Handler and CodeUri']],
  ])('reports %s', (name, text, expected) => {
    const options = name === 'a handler file that is not there' ? { resolveHandler: () => undefined } : {};
    expect(problemsOf(text, options)).toEqual(expected);
  });

  it('reports an unsupported resource type, with what to use instead when there is something', () => {
    const supported = 'supported: AWS::Serverless::Function, AWS::Serverless::Api, AWS::ApiGatewayV2::Api, AWS::ApiGatewayV2::Integration, AWS::ApiGatewayV2::Route, AWS::ApiGatewayV2::RouteResponse, AWS::ApiGatewayV2::Stage, AWS::ApiGatewayV2::Deployment, AWS::DynamoDB::Table, AWS::Lambda::Permission, AWS::IAM::Role, AWS::IAM::Policy';
    expect(problemsOf('Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n  Fn:\n    Type: AWS::Lambda::Function\n  Env:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: !GetAtt Queue.Arn\n')).toEqual([
      `template.yaml:3: Resources.Queue.Type: Queue (AWS::SQS::Queue) is not supported by \`bedrock-emulator stack\`; ${supported}`,
      `template.yaml:5: Resources.Fn.Type: Fn (AWS::Lambda::Function) is not supported by \`bedrock-emulator stack\`; declare it as an AWS::Serverless::Function; ${supported}`,
      'template.yaml:8: Resources.Env.Properties.KeySchema: required field is missing',
      'template.yaml:8: Resources.Env.Properties.AttributeDefinitions: required field is missing',
    ]);
  });

  it('requires the SAM transform for Serverless resources, and no other transform', () => {
    expect(problemsOf(withFunction('').replace('Transform: AWS::Serverless-2016-10-31\n', ''))).toEqual([
      'template.yaml: Transform: this template uses AWS::Serverless::Function (Chat), which needs SAM: add `Transform: AWS::Serverless-2016-10-31` at the top level',
    ]);
    expect(problemsOf(withFunction('').replace('Transform: AWS::Serverless-2016-10-31', 'Transform: [AWS::Serverless-2016-10-31, AWS::LanguageExtensions]'))).toEqual([
      'template.yaml:1: Transform[1]: AWS::LanguageExtensions is not supported by `bedrock-emulator stack`; the one transform it applies is AWS::Serverless-2016-10-31',
    ]);
  });

  it('reports a parameter without a Default once, not at each Ref', () => {
    const text = withFunction('Environment:\n  Variables:\n    A: !Ref Stage\n    B: !Sub "${Stage}-x"').replace('Resources:', 'Parameters:\n  Stage:\n    Type: String\nResources:');
    expect(problemsOf(text)).toEqual(['template.yaml:3: Parameters.Stage: parameter Stage has no Default; give it one, since `bedrock-emulator stack` takes no parameter values']);
  });

  it.each([
    ['!Ref Sesions', 'Ref to "Sesions": no parameter or resource of this template has that name; did you mean "Sessions"?'],
    ['!Ref AWS::StackId', 'Ref to AWS::StackId: the pseudo parameters known locally are AWS::Region, AWS::AccountId, AWS::StackName, AWS::Partition, AWS::URLSuffix, AWS::NoValue'],
    ['!Ref AWS::NoValue', 'AWS::NoValue only has a use inside Fn::If, which is not supported; leave the property out instead'],
    ['!GetAtt Sessions.StreamArn', 'Fn::GetAtt Sessions.StreamArn: AWS::DynamoDB::Table has no attribute StreamArn here; known: Arn'],
    ['!GetAtt Stage.Arn', 'Fn::GetAtt Stage.Arn: Stage is a parameter; use Ref to read its value'],
    ['!GetAtt Nothing.Arn', 'Fn::GetAtt Nothing.Arn: no resource of this template has the logical id "Nothing"'],
    ['!GetAtt Sessions', 'Fn::GetAtt takes a resource and an attribute, as "Resource.Attribute" or [Resource, Attribute], got "Sessions"'],
    ['!Sub [a, b, c]', 'Fn::Sub takes a string, or [string, {Name: value}], got ["a","b","c"]'],
    ['!Sub "${Names}"', 'Fn::Sub: ${Names} is ["a","b","c"], which cannot be put into a string'],
    ['!Join [",", notalist]', 'Fn::Join takes [delimiter, [values]]: the second item is "notalist", not a list'],
    ['!If [IsProd, a, b]', 'Fn::If (!If) is not supported by `bedrock-emulator stack`: conditions are not evaluated locally; write the value the local stack should use'],
    ['!Condition IsProd', 'Condition (!Condition) is not supported by `bedrock-emulator stack`: conditions are not evaluated locally; write the value the local stack should use'],
    ['!Select [0, [a, b]]', 'Fn::Select (!Select) is not supported by `bedrock-emulator stack`: write the value the local stack should use (supported: Ref, Fn::GetAtt, Fn::Sub and Fn::Join)'],
    ['!Join ["", !Split [",", "a,b"]]', 'Fn::Split (!Split) is not supported by `bedrock-emulator stack`: write the value the local stack should use (supported: Ref, Fn::GetAtt, Fn::Sub and Fn::Join)'],
    ['!FindInMap [Sizes, dev, memory]', 'Fn::FindInMap (!FindInMap) is not supported by `bedrock-emulator stack`: Mappings are not read locally; write the value the local stack should use'],
    ['!ImportValue shared-table', "Fn::ImportValue (!ImportValue) is not supported by `bedrock-emulator stack`: another stack's exports are not available locally; use a Parameter with a Default instead"],
    ['!Select [0, !GetAZs ""]', 'Fn::Select (!Select) is not supported by `bedrock-emulator stack`: write the value the local stack should use (supported: Ref, Fn::GetAtt, Fn::Sub and Fn::Join)'],
    ['{ "Fn::If": [IsProd, a, b] }', 'Fn::If (!If) is not supported by `bedrock-emulator stack`: conditions are not evaluated locally; write the value the local stack should use'],
    ['!Base64 abc', 'Fn::Base64 (!Base64) is not supported by `bedrock-emulator stack`: write the value the local stack should use (supported: Ref, Fn::GetAtt, Fn::Sub and Fn::Join)'],
    ['!Foo bar', '!Foo is not a CloudFormation tag; use !Ref, !GetAtt, !Sub or !Join'],
  ])('reports %s where it is written', (expression, message) => {
    const text = yaml`
      Transform: AWS::Serverless-2016-10-31
      Parameters:
        Stage: { Type: String, Default: dev }
        Names: { Type: CommaDelimitedList, Default: "a,b,c" }
      Resources:
        Chat:
          Type: AWS::Serverless::Function
          Properties:
            Runtime: nodejs22.x
            Handler: index.handler
            Environment:
              Variables:
                VALUE: ${expression}
        Sessions:
          Type: AWS::DynamoDB::Table
          Properties:
            KeySchema: [{ AttributeName: id, KeyType: HASH }]
            AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
    `;
    expect(problemsOf(text)).toEqual([`template.yaml:13: Resources.Chat.Properties.Environment.Variables.VALUE: ${message}`]);
  });

  it('reports an unsupported intrinsic in a property without local effect too, and a Condition on a resource', () => {
    const text = withFunction('Policies: !If [IsProd, [], []]', '  Permission:\n    Type: AWS::Lambda::Permission\n    Condition: IsProd\n    Properties: { FunctionName: !Ref Chat }\nConditions:\n  IsProd: !Equals [a, b]\n');
    expect(problemsOf(text)).toEqual([
      'template.yaml:8: Resources.Chat.Properties.Policies: Fn::If (!If) is not supported by `bedrock-emulator stack`: conditions are not evaluated locally; write the value the local stack should use',
      'template.yaml:11: Resources.Permission.Condition: conditions are not evaluated by `bedrock-emulator stack`; remove Condition to have the resource locally, or the resource to not have it',
    ]);
  });

  it('reports a name that refers to itself', () => {
    expect(problemsOf(withFunction('FunctionName: !Sub "${Chat}-x"'))).toEqual([
      'template.yaml:8: Resources.Chat.Properties.FunctionName: Ref to "Chat" goes round in a circle: its name depends on itself; write the name out',
    ]);
  });

  it('reports two functions with one name', () => {
    const text = withFunction('FunctionName: chat', '  Other:\n    Type: AWS::Serverless::Function\n    Properties: { FunctionName: chat, Runtime: nodejs22.x, Handler: index.handler }\n');
    expect(problemsOf(text)).toEqual(['template.yaml:11: Resources.Other.Properties.FunctionName: Chat already has the function name "chat"; give each function its own']);
  });

  it('reports problems of the text itself: syntax, duplicate keys, not a template, no resources', () => {
    expect(problemsOf('Resources:\n  A: [unclosed\n')[0]).toMatch(/^template\.yaml:\d+: not valid YAML or JSON: /);
    expect(problemsOf('Resources:\n  A: { Type: AWS::IAM::Role }\n  A: { Type: AWS::IAM::Role }\n')).toEqual(['template.yaml:3: not valid YAML or JSON: Map keys must be unique']);
    expect(problemsOf('- a\n- b\n')).toEqual(['template.yaml: expected a template: a mapping with a Resources section, got ["a","b"]']);
    expect(problemsOf('Description: nothing\n')).toEqual(['template.yaml: Resources: a template needs a Resources section with at least one resource']);
    expect(problemsOf('Resources: {}\nOutput: {}\n')).toEqual([
      'template.yaml:1: Resources: a template needs a Resources section with at least one resource',
      'template.yaml:2: Output: unknown section; a template has AWSTemplateFormatVersion, Description, Metadata, Transform, Parameters, Globals, Resources, Outputs, Conditions, Mappings, Rules',
    ]);
  });

  it('reports every problem at once, in line order, in the message of one TemplateError', () => {
    const text = withFunction('Timeout: 0\nLayers: []', '  Queue:\n    Type: AWS::SQS::Queue\n').replace('nodejs22.x', 'nodejs18.x');
    let thrown: unknown;
    try {
      parse(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TemplateError);
    expect((thrown as TemplateError).message.split('\n')).toEqual([
      'invalid template (4 problems):',
      '  template.yaml:6: Resources.Chat.Properties.Runtime: nodejs18.x is not supported here: Lambda has deprecated it; use nodejs22.x, nodejs24.x, python3.11, python3.12, python3.13, python3.14',
      '  template.yaml:8: Resources.Chat.Properties.Timeout: expected a whole number of seconds from 1 to 900, got 0',
      expect.stringMatching(/^ {2}template\.yaml:9: Resources\.Chat\.Properties\.Layers: Layers is not supported/),
      expect.stringMatching(/^ {2}template\.yaml:11: Resources\.Queue\.Type: Queue \(AWS::SQS::Queue\) is not supported/),
    ]);
  });
});
