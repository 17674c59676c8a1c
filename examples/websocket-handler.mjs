// A WebSocket API handler written for AWS: it answers each message through the
// @connections API, with the client built from the event as AWS code does.
// Run it locally: bedrock-emulator websocket-api --route '$default=examples/websocket-handler.mjs#handler'
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';

export async function handler(event) {
  const { routeKey, connectionId, domainName, stage } = event.requestContext;
  if (routeKey === '$connect' || routeKey === '$disconnect') return { statusCode: 200 };
  // Locally, domainName is localhost:PORT, served over TLS with a certificate the function trusts.
  const client = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });
  await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: `you said: ${event.body}` }));
  return { statusCode: 200 };
}
