"""The Lambda Runtime API as a runtime calls it (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html).

One HTTP/1.1 connection to ``AWS_LAMBDA_RUNTIME_API``, kept alive: ``GET /next``
waits for an invocation (with no timeout: Lambda freezes the environment
meanwhile), results and errors are posted whole, with their length.
"""

from __future__ import annotations

import http.client
import sys
from dataclasses import dataclass
from typing import Dict, Mapping, Optional, Tuple

from . import __version__

_BASE_PATH = "/2018-06-01/runtime"
_ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type"


@dataclass(frozen=True)
class Invocation:
    """One invocation handed out by ``GET /next``: its headers and its event's bytes."""

    request_id: str
    deadline_ms: int
    invoked_function_arn: str
    trace_id: Optional[str]
    client_context: Optional[str]
    cognito_identity: Optional[str]
    tenant_id: Optional[str]
    content_type: Optional[str]
    body: bytes


class RuntimeApiError(Exception):
    """The Runtime API answered a call with an unexpected status."""


class RuntimeApiClient:
    """Calls one execution environment's Runtime API, at ``host:port``."""

    def __init__(self, address: str) -> None:
        host, _, port = address.rpartition(":")
        self._host = host or "127.0.0.1"
        self._port = int(port)
        self._connection: Optional[http.client.HTTPConnection] = None
        version = sys.version_info
        self._user_agent = f"bedrock-emulator-python-runtime/{__version__} python/{version.major}.{version.minor}.{version.micro}"

    def next_invocation(self) -> Invocation:
        """Waits for the next invocation: how a runtime also says it is done with the last one."""
        status, headers, body = self._call("GET", f"{_BASE_PATH}/invocation/next")
        request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        if status != 200 or not request_id:
            raise RuntimeApiError(f"GET {_BASE_PATH}/invocation/next answered {status}: {body[:200]!r}")
        return Invocation(
            request_id=request_id,
            deadline_ms=int(headers.get("Lambda-Runtime-Deadline-Ms", "0")),
            invoked_function_arn=headers.get("Lambda-Runtime-Invoked-Function-Arn", ""),
            trace_id=headers.get("Lambda-Runtime-Trace-Id"),
            client_context=headers.get("Lambda-Runtime-Client-Context"),
            cognito_identity=headers.get("Lambda-Runtime-Cognito-Identity"),
            tenant_id=headers.get("Lambda-Runtime-Aws-Tenant-Id"),
            content_type=headers.get("Content-Type"),
            body=body,
        )

    def post_response(self, request_id: str, payload: bytes, content_type: str) -> None:
        """Sends an invocation's result. A refusal (a result over 6 MB: 413) fails that invocation only."""
        self._call("POST", f"{_BASE_PATH}/invocation/{request_id}/response", payload, {"Content-Type": content_type})

    def post_error(self, request_id: str, document: str, error_type: str) -> None:
        """Reports an invocation's failure with its error document."""
        self._call("POST", f"{_BASE_PATH}/invocation/{request_id}/error", document.encode("utf-8"), _error_headers(error_type))

    def post_init_error(self, document: str, error_type: str) -> None:
        """Reports that the function could not initialize; the runtime exits after."""
        status, _, body = self._call("POST", f"{_BASE_PATH}/init/error", document.encode("utf-8"), _error_headers(error_type))
        if status != 202:
            raise RuntimeApiError(f"POST {_BASE_PATH}/init/error answered {status}: {body[:200]!r}")

    def _call(self, method: str, path: str, body: Optional[bytes] = None, headers: Optional[Mapping[str, str]] = None) -> Tuple[int, http.client.HTTPMessage, bytes]:
        sent = {"User-Agent": self._user_agent, **(headers or {})}
        # A kept-alive connection the other side has closed meanwhile fails before anything is
        # read: it is opened again, once.
        for attempt in (1, 2):
            if self._connection is None:
                self._connection = http.client.HTTPConnection(self._host, self._port)
            try:
                self._connection.request(method, path, body=body, headers=sent)
                response = self._connection.getresponse()
                return response.status, response.headers, response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self._connection.close()
                self._connection = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def _error_headers(error_type: str) -> Dict[str, str]:
    headers = {"Content-Type": "application/json"}
    # The document carries the type anyway; a header carries only ASCII (a class may be named in any script).
    if error_type.isascii() and error_type.isprintable():
        headers[_ERROR_TYPE_HEADER] = error_type
    return headers
