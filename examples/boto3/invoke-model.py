"""InvokeModel with boto3: Claude's Messages body in, the whole answer out.

Run the emulator first (npm start), then: python3 examples/boto3/invoke-model.py
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
response: dict[str, Any] = client.invoke_model(modelId='us.anthropic.claude-sonnet-4-5-20250929-v1:0', body=json.dumps(body))
message: dict[str, Any] = json.loads(response['body'].read())
print(''.join(block['text'] for block in message['content'] if block['type'] == 'text'))
print('stop reason:', message['stop_reason'], '| usage:', message['usage'])
