"""The runtime's loop: load the handler once, then next → invoke → response or error, forever.

An init error is reported to ``/init/error`` and ends the process (Lambda starts a
new execution environment for the next invocation); an invocation's failure is
reported to its ``/error`` and the loop goes on
(https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html).
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, NoReturn, Optional

from .context import LambdaContext
from .errors import ErrorDocument, FaultError, exception_document, log_line
from .handler import Handler, load_handler
from .logs import set_request_id, set_up_logging
from .marshal import decode_event, encode_result, to_json
from .runtime_api import Invocation, RuntimeApiClient


def run(handler_name: str, client: RuntimeApiClient) -> None:
    """Runs the function until the process is stopped (or fails to initialize: exit status 1)."""
    set_up_logging()
    try:
        handler = load_handler(handler_name)
    except FaultError as fault:
        _fail_init(client, fault.document(""))
    except Exception as error:
        _fail_init(client, exception_document(error, ""))
    while True:
        invocation = client.next_invocation()
        set_request_id(invocation.request_id)
        # The runtime hands each invocation's trace header to the function (the X-Ray SDK reads it here).
        if invocation.trace_id is None:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        else:
            os.environ["_X_AMZN_TRACE_ID"] = invocation.trace_id
        _invoke(client, handler, invocation)


def _fail_init(client: RuntimeApiClient, document: ErrorDocument) -> NoReturn:
    sys.stdout.write(log_line(document))
    client.post_init_error(to_json(document), document["errorType"])
    sys.exit(1)


def _invoke(client: RuntimeApiClient, handler: Handler, invocation: Invocation) -> None:
    document: Optional[ErrorDocument] = None
    try:
        context = LambdaContext(
            invocation.request_id,
            invocation.deadline_ms,
            invocation.invoked_function_arn,
            _json_header(invocation.client_context, "Client Context"),
            _json_header(invocation.cognito_identity, "Cognito Identity"),
            invocation.tenant_id,
        )
        event = decode_event(invocation.body, invocation.content_type)
        payload, content_type = encode_result(handler(event, context))
    except FaultError as fault:
        document = fault.document(invocation.request_id)
    except Exception as error:
        document = exception_document(error, invocation.request_id)
    if document is None:
        client.post_response(invocation.request_id, payload, content_type)
        return
    sys.stdout.write(log_line(document))
    client.post_error(invocation.request_id, to_json(document), document["errorType"])


def _json_header(value: Optional[str], name: str) -> Any:
    if not value:
        return None
    try:
        return json.loads(value)
    except Exception as error:
        raise FaultError("Runtime.LambdaContextUnmarshalError", f"Unable to parse {name} JSON: {error}") from error
