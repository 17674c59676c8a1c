"""Python handlers written as for AWS Lambda, run unmodified by the local host's Python runtime.

Each answers what the tests read: what the runtime gave it (context, environment, event), what
it returned (results JSON can and cannot carry), how it failed.
"""
import base64
import decimal
import json
import logging
import os
import sys
import time

import helper

logger = logging.getLogger()
logger.setLevel(logging.INFO)

invocations = 0


def context_and_environment(event, context):
    """What Lambda gives a handler: the context object and the environment."""
    client_context = context.client_context
    return {
        "aws_request_id": context.aws_request_id,
        "function_name": context.function_name,
        "function_version": context.function_version,
        "invoked_function_arn": context.invoked_function_arn,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "log_group_name": context.log_group_name,
        "log_stream_name": context.log_stream_name,
        "remaining_ms": context.get_remaining_time_in_millis(),
        "identity": [context.identity.cognito_identity_id, context.identity.cognito_identity_pool_id],
        "client_context": None if client_context is None else {"custom": client_context.custom, "env": client_context.env, "app_title": client_context.client.app_title},
        "environment": {name: os.environ.get(name) for name in ["AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_REGION", "AWS_DEFAULT_REGION", "LAMBDA_TASK_ROOT", "_HANDLER", "TZ", "MY_SETTING", "AWS_LAMBDA_INITIALIZATION_TYPE"]},
        "has_credentials": all(os.environ.get(name) for name in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]),
        "trace_id_set": os.environ.get("_X_AMZN_TRACE_ID", "").startswith("Root=1-"),
        "cwd": os.getcwd(),
        "first_on_path": sys.path[0],
        "event": event,
        "helper": helper.greeting(),
    }


def results(event, context):
    """Returns what the event (or a Function URL request's body) names: the values the runtime marshals, or cannot."""
    kind = event.get("kind") or json.loads(event.get("body") or "{}")["kind"]
    if kind == "none":
        return None
    if kind == "bytes":
        return b"\x00\x01raw"
    if kind == "bytes-body":
        return {"statusCode": 200, "body": b"hi from bytes"}
    if kind == "dict-body":
        return {"statusCode": 200, "body": {"x": 1}}
    if kind == "decimal":
        return {"price": decimal.Decimal("12.50"), "count": decimal.Decimal("3"), "text": "caf\u00e9"}
    if kind == "nan":
        return {"value": float("nan")}
    if kind == "set":
        return {"tags": {"a"}}
    if kind == "invalid-utf8":
        return {"statusCode": 200, "body": b"\xff"}
    if kind == "binary-response":
        return {"statusCode": 200, "headers": {"Content-Type": "image/png"}, "isBase64Encoded": True, "body": base64.b64encode(b"\x89PNG").decode()}
    raise ValueError(f"no such kind: {kind}")


async def coroutine(event, context):
    """An async handler: the managed runtime never awaits it."""
    return {"statusCode": 200}


def raises(event, context):
    """An exception from user code, two frames deep."""
    return helper.fail(event.get("message", "kaboom"))


def logs(event, context):
    """Writes to the log as handlers do: print, the root logger, context.log."""
    print("printed line")
    logger.info("logged at info")
    context.log("via context.log\n")
    return "logged"


def sleeps(event, context):
    """Sleeps as long as asked, then says how long is left."""
    time.sleep(event["seconds"])
    return {"remaining_ms": context.get_remaining_time_in_millis()}


def counts(event, context):
    """Counts the invocations this execution environment served: module state lives as long as it."""
    global invocations
    invocations += 1
    time.sleep(event.get("seconds", 0))
    return {"invocations": invocations, "pid": os.getpid()}


def echo_http(event, context):
    """An API Gateway / Function URL proxy handler: echoes the request as a JSON response."""
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json", "X-Runtime": "python"},
        "cookies": ["flavour=python"],
        "body": json.dumps({"event": event, "function": context.function_name}),
    }


def teaching(event, context):
    """The teaching handler's shape, Bedrock aside: a generator as the body, meant to stream."""

    def stream():
        yield "never"
        yield "sent"

    return {"statusCode": 200, "headers": {"Content-Type": "text/plain", "Transfer-Encoding": "chunked"}, "body": stream()}
