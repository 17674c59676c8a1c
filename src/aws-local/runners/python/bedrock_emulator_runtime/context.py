"""The context object a handler gets (https://docs.aws.amazon.com/lambda/latest/dg/python-context.html)."""

from __future__ import annotations

import os
import sys
import time
from typing import Any, Mapping, Optional


class CognitoIdentity:
    """``context.identity``: the Amazon Cognito identity that called, when the caller was one (else both None)."""

    __slots__ = ("cognito_identity_id", "cognito_identity_pool_id")

    def __init__(self, identity: Optional[Mapping[str, Any]]) -> None:
        self.cognito_identity_id: Optional[str] = None if identity is None else identity.get("cognitoIdentityId")
        self.cognito_identity_pool_id: Optional[str] = None if identity is None else identity.get("cognitoIdentityPoolId")

    def __repr__(self) -> str:
        return f"CognitoIdentity([cognito_identity_id={self.cognito_identity_id},cognito_identity_pool_id={self.cognito_identity_pool_id}])"


class Client:
    """``context.client_context.client``: the mobile app that called, as its client context describes it."""

    __slots__ = ("installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name")

    def __init__(self, client: Mapping[str, Any]) -> None:
        self.installation_id: Any = client.get("installation_id")
        self.app_title: Any = client.get("app_title")
        self.app_version_name: Any = client.get("app_version_name")
        self.app_version_code: Any = client.get("app_version_code")
        self.app_package_name: Any = client.get("app_package_name")


class ClientContext:
    """``context.client_context``: what the caller passed as the Invoke API's ClientContext."""

    __slots__ = ("custom", "env", "client")

    def __init__(self, context: Mapping[str, Any]) -> None:
        self.custom: Any = context.get("custom")
        self.env: Any = context.get("env")
        client = context.get("client")
        self.client: Any = Client(client) if isinstance(client, Mapping) else client


class LambdaContext:
    """What Lambda tells a handler about the invocation, the function and the execution environment.

    The function's name, version, memory and log names come from the environment Lambda sets
    (``memory_limit_in_mb`` is a string, as there); the rest from the invocation's Runtime API headers.
    """

    def __init__(
        self,
        request_id: str,
        deadline_ms: int,
        invoked_function_arn: str,
        client_context: Optional[Mapping[str, Any]],
        identity: Optional[Mapping[str, Any]],
        tenant_id: Optional[str],
    ) -> None:
        self.aws_request_id = request_id
        self.invoked_function_arn = invoked_function_arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.client_context = None if client_context is None else ClientContext(client_context)
        self.identity = CognitoIdentity(identity)
        self.tenant_id = tenant_id
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self) -> int:
        """Milliseconds left before the invocation times out (0 once it has)."""
        return max(0, self._deadline_ms - int(time.time() * 1000))

    def log(self, message: object) -> None:
        """Writes to the function's log, as ``print`` does, without a line break of its own."""
        sys.stdout.write(str(message))

    def __repr__(self) -> str:
        return (
            f"LambdaContext([aws_request_id={self.aws_request_id},log_group_name={self.log_group_name},"
            f"log_stream_name={self.log_stream_name},function_name={self.function_name},"
            f"memory_limit_in_mb={self.memory_limit_in_mb},function_version={self.function_version},"
            f"invoked_function_arn={self.invoked_function_arn},client_context={self.client_context},"
            f"identity={self.identity},tenant_id={self.tenant_id}])"
        )
