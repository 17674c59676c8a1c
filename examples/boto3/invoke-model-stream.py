"""InvokeModelWithResponseStream with boto3: every event decoded, Claude's own chunks.

Run the emulator first (npm start), then: python3 examples/boto3/invoke-model-stream.py
"""

import json
import os
from typing import Any

import boto3

client = boto3.client(
    'bedrock-runtime',
    endpoint_url=os.environ.get('AWS_ENDPOINT_URL_BEDROCK_RUNTIME', 'http://127.0.0.1:4010'),
    region_name='us-east-1',
    # Any value: signatures are not checked, but boto3 raises NoCredentialsError without credentials.
    aws_access_key_id='emulator',
    aws_secret_access_key='emulator',
)

body = {
    'anthropic_version': 'bedrock-2023-05-31',
    'max_tokens': 300,
    'messages': [{'role': 'user', 'content': 'What is the weather in Paris?'}],
}
response: dict[str, Any] = client.invoke_model_with_response_stream(modelId='us.anthropic.claude-sonnet-4-5-20250929-v1:0', body=json.dumps(body))
types: list[str] = []
for event in response['body']:
    # Each event is a chunk of the model's own JSON; an error mid-stream is raised by boto3 instead.
    chunk: dict[str, Any] = json.loads(event['chunk']['bytes'])
    types.append(chunk['type'])
    if chunk['type'] == 'content_block_delta':
        print(chunk['delta'].get('text', ''), end='', flush=True)
    if chunk['type'] == 'message_stop':
        print('\nmetrics:', chunk['amazon-bedrock-invocationMetrics'])
print('events:', ' '.join(types))
