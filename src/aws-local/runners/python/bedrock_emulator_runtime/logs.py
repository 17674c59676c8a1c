"""The function's log: the root logger as Lambda's Python runtime sets it up.

Each record is one line on stdout, ``[LEVEL]\\t<UTC time>Z\\t<request id>\\t<message>``
(https://docs.aws.amazon.com/lambda/latest/dg/python-logging.html); the level is
``AWS_LAMBDA_LOG_LEVEL`` when that names one (TRACE, DEBUG, INFO, WARN, ERROR,
FATAL), else the root logger's default (WARNING).
"""

from __future__ import annotations

import logging
import os
import sys
import time


class _RequestIdFilter(logging.Filter):
    def __init__(self) -> None:
        super().__init__()
        self.request_id = ""

    def filter(self, record: logging.LogRecord) -> bool:
        record.aws_request_id = self.request_id
        return True


class _StdoutHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        sys.stdout.write(self.format(record))


_filter = _RequestIdFilter()
# Lambda's log levels (its logging configuration's names) as Python's.
_levels = {"TRACE": logging.DEBUG, "DEBUG": logging.DEBUG, "INFO": logging.INFO, "WARN": logging.WARNING, "ERROR": logging.ERROR, "FATAL": logging.CRITICAL}


def set_up_logging() -> None:
    """Adds the runtime's handler to the root logger, with its format and level."""
    logging.Formatter.converter = time.gmtime
    handler = _StdoutHandler()
    handler.setFormatter(logging.Formatter("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S"))
    handler.addFilter(_filter)
    root = logging.getLogger()
    level = _levels.get(os.environ.get("AWS_LAMBDA_LOG_LEVEL", "").upper())
    if level is not None:
        root.setLevel(level)
    root.addHandler(handler)


def set_request_id(request_id: str) -> None:
    """The invocation under way, for the log lines written during it."""
    _filter.request_id = request_id
