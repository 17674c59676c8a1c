import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTemplate } from '../../src/aws-local/stack/read-template.ts';
import { TemplateError } from '../../src/aws-local/stack/template-error.ts';
import { templateLimits } from '../../src/aws-local/stack/template-limits.ts';
import { temporaryDir } from '../support/temporary-dir.ts';

/** A chat backend as a SAM user writes it: one streaming function behind every front door, a table for sessions. */
const template = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: Streaming chat on Bedrock

Parameters:
  ModelId:
    Type: String
    Default: anthropic.claude-3-haiku-20240307-v1:0

Globals:
  Function:
    Runtime: nodejs22.x
    Timeout: 120
    MemorySize: 512
    Architectures: [arm64]
    Environment:
      Variables:
        MODEL_ID: !Ref ModelId

Resources:
  ChatFunction:
    Type: AWS::Serverless::Function
    Metadata:
      BuildMethod: esbuild
    Properties:
      FunctionName: !Sub \${AWS::StackName}-chat
      CodeUri: functions/chat/
      Handler: index.handler
      Timeout: 300
      Environment:
        Variables:
          SESSIONS_TABLE: !Ref SessionsTable
          SOCKET_ENDPOINT: !Sub https://\${ChatSocket}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/\${ChatStage}
      Policies:
        - DynamoDBCrudPolicy:
            TableName: !Ref SessionsTable
        - Statement:
            - Effect: Allow
              Action: bedrock:InvokeModelWithResponseStream
              Resource: '*'
            - Effect: Allow
              Action: execute-api:ManageConnections
              Resource: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${ChatSocket}/*
      FunctionUrlConfig:
        AuthType: NONE
        InvokeMode: RESPONSE_STREAM
      Events:
        RestChat:
          Type: Api
          Properties:
            Path: /chat
            Method: post
        HttpChat:
          Type: HttpApi
          Properties:
            Path: /chat
            Method: POST

  SessionsTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: connectionId
          AttributeType: S
      KeySchema:
        - AttributeName: connectionId
          KeyType: HASH
      TimeToLiveSpecification:
        AttributeName: expiresAt
        Enabled: true

  ChatSocket:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: chat-socket
      ProtocolType: WEBSOCKET
      RouteSelectionExpression: $request.body.action

  ChatIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref ChatSocket
      IntegrationType: AWS_PROXY
      IntegrationUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${ChatFunction.Arn}/invocations

  ConnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref ChatSocket
      RouteKey: $connect
      AuthorizationType: NONE
      Target: !Join ['/', [integrations, !Ref ChatIntegration]]

  DisconnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref ChatSocket
      RouteKey: $disconnect
      Target: !Join ['/', [integrations, !Ref ChatIntegration]]

  DefaultRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref ChatSocket
      RouteKey: $default
      Target: !Sub integrations/\${ChatIntegration}

  ChatRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref ChatSocket
      RouteKey: chat
      RouteResponseSelectionExpression: $default
      Target: !Sub integrations/\${ChatIntegration}

  ChatRouteResponse:
    Type: AWS::ApiGatewayV2::RouteResponse
    Properties:
      ApiId: !Ref ChatSocket
      RouteId: !Ref ChatRoute
      RouteResponseKey: $default

  StopRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref ChatSocket
      RouteKey: stop
      Target: !Sub integrations/\${ChatIntegration}

  ChatDeployment:
    Type: AWS::ApiGatewayV2::Deployment
    DependsOn: [ConnectRoute, DisconnectRoute, DefaultRoute, ChatRoute, StopRoute]
    Properties:
      ApiId: !Ref ChatSocket

  ChatStage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref ChatSocket
      StageName: prod
      AutoDeploy: true

  PermissionForWs:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref ChatFunction
      Principal: apigateway.amazonaws.com
      SourceArn: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${ChatSocket}/*

  PermissionForUrl:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunctionUrl
      FunctionName: !GetAtt ChatFunction.Arn
      Principal: '*'
      FunctionUrlAuthType: NONE

Outputs:
  ChatUrl:
    Value: !GetAtt ChatFunctionUrl.FunctionUrl
  SocketUrl:
    Value: !Sub wss://\${ChatSocket}.execute-api.\${AWS::Region}.amazonaws.com/prod
`;

/** Writes the template, and its handler beside it unless told not to. */
function writeStack(text: string, options: { handler?: boolean } = {}): string {
  const dir = temporaryDir();
  if (options.handler ?? true) {
    mkdirSync(path.join(dir, 'functions', 'chat'), { recursive: true });
    writeFileSync(path.join(dir, 'functions', 'chat', 'index.ts'), 'export const handler = awslambda.streamifyResponse(async (_event, stream) => { stream.end("hi"); });\n');
  }
  const file = path.join(dir, 'chat-stack.yaml');
  writeFileSync(file, text);
  return file;
}

describe('readTemplate', () => {
  it('reads a streaming chat stack: functions, every front door, the table and the notes', async () => {
    const file = writeStack(template);
    const model = await readTemplate(file);
    const socketEndpoint = model.functions[0]?.environment['SOCKET_ENDPOINT'];
    expect(socketEndpoint).toMatch(/^https:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com\/prod$/);
    expect(model).toEqual({
      functions: [
        {
          logicalId: 'ChatFunction',
          functionName: 'chat-stack-chat',
          runtime: 'nodejs22.x',
          codeUri: 'functions/chat/',
          handler: 'index.handler',
          handlerFile: path.join(path.dirname(file), 'functions', 'chat', 'index.ts'),
          handlerExport: 'handler',
          timeoutSeconds: 300,
          memorySizeMb: 512,
          environment: { MODEL_ID: 'anthropic.claude-3-haiku-20240307-v1:0', SESSIONS_TABLE: 'chat-stack-SessionsTable', SOCKET_ENDPOINT: socketEndpoint },
          functionUrl: { invokeMode: 'RESPONSE_STREAM' },
        },
      ],
      restApi: { stageName: 'Prod', routes: [{ functionLogicalId: 'ChatFunction', path: '/chat', method: 'POST' }] },
      httpApi: { routes: [{ functionLogicalId: 'ChatFunction', path: '/chat', method: 'POST' }] },
      webSocketApis: [
        {
          logicalId: 'ChatSocket',
          name: 'chat-socket',
          routeSelectionExpression: '$request.body.action',
          stageName: 'prod',
          routes: [
            { routeKey: '$connect', functionLogicalId: 'ChatFunction', routeResponse: false },
            { routeKey: '$disconnect', functionLogicalId: 'ChatFunction', routeResponse: false },
            { routeKey: '$default', functionLogicalId: 'ChatFunction', routeResponse: false },
            { routeKey: 'chat', functionLogicalId: 'ChatFunction', routeResponse: true },
            { routeKey: 'stop', functionLogicalId: 'ChatFunction', routeResponse: false },
          ],
        },
      ],
      tables: [{ logicalId: 'SessionsTable', tableName: 'chat-stack-SessionsTable', partitionKey: { name: 'connectionId', type: 'S' }, sortKey: undefined, timeToLiveAttribute: 'expiresAt' }],
      notes: [
        "Globals.Function: Architectures: the function runs on this machine's architecture",
        'ChatFunction (AWS::Serverless::Function): Policies: permissions are not checked locally',
        'ChatDeployment (AWS::ApiGatewayV2::Deployment): deployments have no local effect: every route is live as soon as the stack starts',
        'ChatStage (AWS::ApiGatewayV2::Stage): AutoDeploy: every route is live as soon as the stack starts',
        'PermissionForWs (AWS::Lambda::Permission): permissions are not checked locally',
        'PermissionForUrl (AWS::Lambda::Permission): permissions are not checked locally',
      ],
    });
  });

  it('reads the same stack written as JSON', async () => {
    const file = writeStack('');
    const json = path.join(path.dirname(file), 'chat-stack.json');
    writeFileSync(
      json,
      JSON.stringify(
        {
          Transform: 'AWS::Serverless-2016-10-31',
          Resources: {
            ChatFunction: {
              Type: 'AWS::Serverless::Function',
              Properties: {
                Runtime: 'nodejs24.x',
                CodeUri: 'functions/chat',
                Handler: 'index.handler',
                Environment: { Variables: { SESSIONS_TABLE: { Ref: 'SessionsTable' } } },
                FunctionUrlConfig: { AuthType: 'NONE', InvokeMode: 'RESPONSE_STREAM' },
              },
            },
            SessionsTable: {
              Type: 'AWS::DynamoDB::Table',
              Properties: { AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] },
            },
          },
        },
        null,
        2,
      ),
    );
    const model = await readTemplate(json);
    expect(model.functions[0]).toMatchObject({ environment: { SESSIONS_TABLE: 'chat-stack-SessionsTable' }, functionUrl: { invokeMode: 'RESPONSE_STREAM' } });
  });

  it('reports a handler that is not on disk, with the file, line and field', async () => {
    const file = writeStack(template, { handler: false });
    await expect(readTemplate(file)).rejects.toThrow(
      new TemplateError([{ path: `${file}:28: Resources.ChatFunction.Properties.Handler`, message: 'no file for the handler module "index" in CodeUri "functions/chat/" (tried .js, .mjs, .cjs, .ts, .mts); check Handler and CodeUri' }]),
    );
  });

  it('reports a template that is not there', async () => {
    const file = path.join(temporaryDir(), 'template.yaml');
    const error = await readTemplate(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).problems).toEqual([{ path: file, message: 'no such file; give the path of a SAM or CloudFormation template, e.g. template.yaml' }]);
    const folder = await readTemplate(temporaryDir()).catch((caught: unknown) => caught);
    expect((folder as TemplateError).problems[0]?.message).toBe('is a folder; give the template file inside it, e.g. template.yaml');
  });

  it('refuses a template one byte over 1 MiB without reading more of it, and reads one of exactly 1 MiB', async () => {
    const dir = temporaryDir();
    // A comment: a file that size with nothing in it but its bytes.
    const ofSize = (bytes: number): string => `#${' '.repeat(bytes - 2)}\n`;
    const over = path.join(dir, 'over.yaml');
    writeFileSync(over, ofSize(templateLimits.maxBytes + 1));
    await expect(readTemplate(over)).rejects.toThrow(
      new TemplateError([{ path: over, message: 'is larger than 1,048,576 bytes (1 MiB), the most `bedrock-emulator stack` reads and more than CloudFormation takes (1 MB); make the template smaller' }]),
    );
    const exact = path.join(dir, 'exact.yaml');
    writeFileSync(exact, ofSize(templateLimits.maxBytes));
    await expect(readTemplate(exact)).rejects.toThrow(new TemplateError([{ path: exact, message: 'expected a template: a mapping with a Resources section, got null' }]));
  });
});
