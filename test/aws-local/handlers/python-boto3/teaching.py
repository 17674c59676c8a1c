"""The handler the usual teaching material shows for streaming Bedrock from Lambda in Python,
unmodified: a generator of Bedrock's deltas as the body. On AWS, the managed Python runtime
cannot send it (Runtime.MarshalError); the generator never runs, so Bedrock is never called.
"""
import json

import boto3

bedrock = boto3.client("bedrock-runtime")


def stream_bedrock(prompt):
    response = bedrock.invoke_model_with_response_stream(
        modelId="anthropic.claude-3-5-haiku-20241022-v1:0",
        body=json.dumps({"anthropic_version": "bedrock-2023-05-31", "max_tokens": 512, "messages": [{"role": "user", "content": prompt}]}),
    )
    for event in response["body"]:
        chunk = json.loads(event["chunk"]["bytes"])
        if chunk["type"] == "content_block_delta":
            yield chunk["delta"]["text"]


def lambda_handler(event, context):
    prompt = json.loads(event.get("body") or "{}").get("prompt", "Hello")
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "text/plain", "Transfer-Encoding": "chunked"},
        "body": stream_bedrock(prompt),
    }
