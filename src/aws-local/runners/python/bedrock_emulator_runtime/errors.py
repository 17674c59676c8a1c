"""Error documents as Lambda's Python runtime reports them, and its log line for one.

The document's shape (https://docs.aws.amazon.com/lambda/latest/dg/python-exceptions.html):
``{"errorMessage": str, "errorType": str, "requestId": str, "stackTrace": [str]}``,
``requestId`` empty for an error raised while the function initializes.
"""

from __future__ import annotations

import os
import traceback
from typing import List, Optional, TypedDict


class ErrorDocument(TypedDict):
    """What the runtime posts for a failed invocation or initialization."""

    errorMessage: str
    errorType: str
    requestId: str
    stackTrace: List[str]


# The runtime's own frames are cut from the top of a user's stack trace: they are not the user's code.
_RUNTIME_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep

# CloudWatch shows each write as one event: the runtime joins an error's lines with CR so a stack
# trace stays one event, and indents with NO-BREAK SPACE so the console keeps the indentation.
_LINE_JOIN = "\r"
_INDENT = "\u00a0"


class FaultError(Exception):
    """A failure the runtime itself reports, with a type of its own (``Runtime.MarshalError``, …)."""

    def __init__(self, error_type: str, message: str, stack_trace: Optional[List[str]] = None) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.stack_trace: List[str] = stack_trace if stack_trace is not None else []

    def document(self, request_id: str) -> ErrorDocument:
        """This fault as the error document the runtime posts."""
        return error_document(self.message, self.error_type, self.stack_trace, request_id)


def error_document(message: str, error_type: str, stack_trace: List[str], request_id: str) -> ErrorDocument:
    """An error document, its keys in the order the runtime writes them."""
    return {"errorMessage": message, "errorType": error_type, "requestId": request_id, "stackTrace": stack_trace}


def exception_document(error: BaseException, request_id: str) -> ErrorDocument:
    """An exception raised by user code: its class name, its text, and its stack from the user's first frame.

    The stack lines are ``traceback.format_list`` of plain (file, line, function, code) entries,
    e.g. ``'  File "/var/task/app.py", line 3, in handler\\n    raise ValueError("x")\\n'``.
    """
    frames = traceback.extract_tb(error.__traceback__)
    first = next((index for index, frame in enumerate(frames) if not frame.filename.startswith(_RUNTIME_DIR)), len(frames))
    # Rebuilt without column positions, so no ^^^ marker lines: the runtime formats (file, line, function, code) alone.
    plain = [traceback.FrameSummary(frame.filename, frame.lineno, frame.name, lookup_line=False, line=frame.line) for frame in frames[first:]]
    return error_document(str(error), type(error).__name__, traceback.format_list(plain), request_id)


def log_line(document: ErrorDocument) -> str:
    """The line the runtime writes to the function's log for an error document (text log format)."""
    description = "[ERROR]"
    if document["errorType"]:
        description += " " + document["errorType"]
    if document["errorMessage"]:
        if document["errorType"]:
            description += ":"
        description += " " + document["errorMessage"]
    lines = [description, "Traceback (most recent call last):"]
    for element in document["stackTrace"]:
        if element == "":
            lines.append("")
            continue
        for line in element.splitlines():
            stripped = line.lstrip(" ")
            lines.append(_INDENT * (len(line) - len(stripped)) + stripped)
    return _LINE_JOIN.join(lines) + "\n"
