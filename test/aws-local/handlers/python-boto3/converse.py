"""Calls Bedrock with boto3, buffered: what a managed Python runtime can do, done right."""
import json

import boto3

bedrock = boto3.client("bedrock-runtime")


def lambda_handler(event, context):
    prompt = json.loads(event.get("body") or "{}").get("prompt", "Hello")
    response = bedrock.converse(modelId="anthropic.claude-3-5-haiku-20241022-v1:0", messages=[{"role": "user", "content": [{"text": prompt}]}])
    text = "".join(block.get("text", "") for block in response["output"]["message"]["content"])
    return {"statusCode": 200, "headers": {"Content-Type": "text/plain"}, "body": text}


def websocket(event, context):
    """A WebSocket route that answers through @connections, the management client built from the event."""
    context_of = event["requestContext"]
    if context_of["routeKey"] in ("$connect", "$disconnect"):
        return {"statusCode": 200}
    management = boto3.client("apigatewaymanagementapi", endpoint_url=f"https://{context_of['domainName']}/{context_of['stage']}")
    management.post_to_connection(ConnectionId=context_of["connectionId"], Data=f"posted by boto3: {event.get('body')}".encode())
    return {"statusCode": 200}
