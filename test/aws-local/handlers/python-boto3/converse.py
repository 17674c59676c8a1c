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
    """WebSocket routes: the post route answers through @connections (the management client built
    from the event, as AWS's examples do), the others through the route response."""
    request_context = event["requestContext"]
    route = request_context["routeKey"]
    if route in ("$connect", "$disconnect"):
        return {"statusCode": 200}
    if route == "post":
        management = boto3.client("apigatewaymanagementapi", endpoint_url=f"https://{request_context['domainName']}/{request_context['stage']}")
        management.post_to_connection(ConnectionId=request_context["connectionId"], Data=f"posted by boto3: {event.get('body')}".encode())
        return {"statusCode": 200}
    return {"statusCode": 200, "body": f"python heard {event.get('body')} on {route}"}
