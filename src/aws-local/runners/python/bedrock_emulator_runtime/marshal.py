"""Events in, results out: the JSON Lambda's Python runtime reads and writes.

AWS's runtime encodes with simplejson; this module gives the same text with the
standard library's encoder (https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html):
``bytes`` inside a result are UTF-8 text (dictionary keys too), a ``Decimal`` is
written as the number it holds (what DynamoDB items carry), a namedtuple as an
object, NaN and the infinities are allowed, and from python3.12 on non-ASCII
characters are written as themselves. What JSON cannot carry — a generator, a
set, a coroutine — is a ``Runtime.MarshalError``. A ``bytes`` result is sent as it is.
"""

from __future__ import annotations

import decimal
import json
import math
import os
import re
import secrets
from typing import Any, Dict, Set, Tuple

from .errors import FaultError

# A Decimal is written raw: the encoder first writes a marker no user string can match
# (a NUL and this process's own nonce), then the marker's JSON is replaced by the number.
_MARKER_PREFIX = "\x00decimal-" + secrets.token_hex(8) + "-"


def _ensure_ascii() -> bool:
    """The runtime escapes non-ASCII characters up to python3.11 and writes them as they are from python3.12."""
    match = re.fullmatch(r"AWS_Lambda_python3\.(\d+)", os.environ.get("AWS_EXECUTION_ENV", ""))
    return match is None or int(match.group(1)) < 12


class _LambdaEncoder(json.JSONEncoder):
    def __init__(self) -> None:
        super().__init__(ensure_ascii=_ensure_ascii(), allow_nan=True)
        self._raw_numbers: Dict[str, str] = {}

    def default(self, o: Any) -> Any:
        if isinstance(o, bytes):
            return o.decode("utf-8")
        if isinstance(o, decimal.Decimal):
            if o.is_nan():
                return math.nan
            marker = f"{_MARKER_PREFIX}{len(self._raw_numbers)}"
            self._raw_numbers[marker] = str(o)
            return marker
        return super().default(o)

    def encode(self, o: Any) -> str:
        self._raw_numbers.clear()
        text = super().encode(_simplejson_shapes(o, set()) if _has_simplejson_shapes(o) else o)
        for marker, number in self._raw_numbers.items():
            text = text.replace(super().encode(marker), number)
        return text


def _has_simplejson_shapes(value: Any) -> bool:
    """Whether a result holds a namedtuple or a bytes key: a quick look (most hold neither) before any copy."""
    seen: Set[int] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, bytes):
                    return True
                if isinstance(child, (dict, list, tuple)):
                    stack.append(child)
        elif isinstance(item, (list, tuple)):
            if isinstance(item, tuple) and hasattr(item, "_asdict"):
                return True
            stack.extend(child for child in item if isinstance(child, (dict, list, tuple)))
    return False


def _simplejson_shapes(value: Any, path: Set[int]) -> Any:
    """The value with what simplejson reads differently from the standard encoder made plain:
    a namedtuple as a dict, a bytes key as text. Containers without either are returned as they are."""
    if not isinstance(value, (dict, list, tuple)) or id(value) in path:
        # (A container met again on its own path is circular: the encoder says so.)
        return value
    as_dict = getattr(value, "_asdict", None) if isinstance(value, tuple) else None
    if callable(as_dict):
        return _simplejson_shapes(as_dict(), path)
    path.add(id(value))
    try:
        if isinstance(value, dict):
            pairs = [(key.decode("utf-8") if isinstance(key, bytes) else key, _simplejson_shapes(item, path)) for key, item in value.items()]
            same = all(new_key is key and new_item is item for (new_key, new_item), (key, item) in zip(pairs, value.items()))
            return value if same else dict(pairs)
        items = [_simplejson_shapes(item, path) for item in value]
        return value if all(new is old for new, old in zip(items, value)) else items
    finally:
        path.discard(id(value))


def to_json(value: Any) -> str:
    """JSON text as the runtime writes it (its error documents too)."""
    return _LambdaEncoder().encode(value)


def encode_result(result: Any) -> Tuple[bytes, str]:
    """A handler's result as the runtime posts it: its bytes and their content type.

    >>> encode_result({"statusCode": 200})
    (b'{"statusCode": 200}', 'application/json')
    """
    if isinstance(result, bytes):
        return result, "application/unknown"
    try:
        return to_json(result).encode("utf-8"), "application/json"
    except Exception as error:
        raise FaultError("Runtime.MarshalError", f"Unable to marshal response: {error}") from error


def decode_event(body: bytes, content_type: str | None) -> Any:
    """The event a handler gets: parsed when the Runtime API says it is JSON, else the bytes themselves."""
    if content_type != "application/json":
        return body
    try:
        return json.loads(body)
    except Exception as error:
        raise FaultError("Runtime.UnmarshalError", f"Unable to unmarshal input: {error}") from error
