"""Encodes a table of handler results with the runtime client's marshaller and with simplejson set
up as AWS's Python runtime sets it up (use_decimal off, NaN allowed, a Decimal written as its raw
number, a NaN Decimal as NaN), under python3.11's and python3.12's settings, and prints every difference as JSON.

    python compare_encoders.py  # prints [] when they agree
"""
import collections
import decimal
import json
import math
import os
import sys

import simplejson

from bedrock_emulator_runtime import marshal
from bedrock_emulator_runtime.errors import FaultError


class AwsEncoder(simplejson.JSONEncoder):
    def __init__(self, ensure_ascii):
        super().__init__(use_decimal=False, ensure_ascii=ensure_ascii, allow_nan=True)

    def default(self, o):
        if isinstance(o, decimal.Decimal):
            if o.is_nan():
                return math.nan
            return simplejson.raw_json.RawJSON(str(o))
        return super().default(o)


def generator():
    yield 1


Point = collections.namedtuple("Point", "x y")

values = {
    "none": None,
    "text": "plain",
    "unicode": "caf\u00e9 \u2603 \U0001f600",
    "control": "tab\tnew\nline \x00 \"quoted\" \\",
    "numbers": {"int": 1, "big": 2**80, "float": 0.1, "negative": -3.5, "exp": 1e300},
    "special floats": {"nan": math.nan, "inf": math.inf, "-inf": -math.inf},
    "decimals": {"price": decimal.Decimal("12.50"), "int": decimal.Decimal("3"), "exp": decimal.Decimal("1E+2"), "neg": decimal.Decimal("-0.001"), "nan": decimal.Decimal("NaN")},
    "decimal in a list": [decimal.Decimal("1.10"), "1.10"],
    "bytes inside": {"body": b"hi", "nested": [b"\xc3\xa9"]},
    "tuple": (1, "two"),
    "namedtuple": {"point": Point(1, 2), "points": [Point(3, 4)]},
    "bytes keys": {b"key": 1, "nested": {b"caf\xc3\xa9": [1]}},
    "bytes key not utf-8": {b"\xff": 1},
    "keys": {1: "int", 2.5: "float", True: "bool", None: "none"},
    "nesting": {"a": [{"b": {"c": []}}]},
    "a marker-like string": "\x00decimal-0",
    "empty": {},
    "generator": {"body": generator()},
    "set": {"tags": {"a"}},
    "invalid utf-8": {"body": b"\xff"},
    "object": {"x": object()},
}
circular = {"a": []}
circular["a"].append(circular)
values["circular"] = circular

differences = []
for execution_env, ensure_ascii in (("AWS_Lambda_python3.11", True), ("AWS_Lambda_python3.12", False)):
    os.environ["AWS_EXECUTION_ENV"] = execution_env
    for name, value in values.items():
        try:
            expected = AwsEncoder(ensure_ascii).encode(value)
        except Exception as error:
            expected = f"error: Unable to marshal response: {error}"
        try:
            actual = marshal.encode_result(value)[0].decode("utf-8")
        except FaultError as fault:
            actual = f"error: {fault.message}"
        if actual != expected:
            differences.append({"env": execution_env, "value": name, "simplejson": expected, "runtime client": actual})

json.dump(differences, sys.stdout, indent=2)
