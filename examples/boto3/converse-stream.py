"""ConverseStream with boto3: every event decoded, the text printed as it comes.

Run the emulator first (npm start), then: python3 examples/boto3/converse-stream.py
"""

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

response: dict[str, Any] = client.converse_stream(
    modelId='us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    messages=[{'role': 'user', 'content': [{'text': 'What is the weather in Paris?'}]}],
    inferenceConfig={'maxTokens': 300},
)
names: list[str] = []
for event in response['stream']:
    # One key per event: messageStart, contentBlockDelta, contentBlockStop, messageStop, metadata.
    name, value = next(iter(event.items()))
    names.append(name)
    if name == 'contentBlockDelta':
        print(value['delta'].get('text', ''), end='', flush=True)
    if name == 'messageStop':
        print('\nstop reason:', value['stopReason'])
    if name == 'metadata':
        print('usage:', value['usage'])
print('events:', ' '.join(names))
