"""Finding the handler a function names, as Lambda's Python runtime does.

``MODULE.FUNCTION`` splits at the last dot; the module is imported from the
task root, a ``/`` in it read as a package separator (``src/app.handler`` is
``src.app``) — https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html.
What goes wrong is an init error of the runtime's own type:
``Runtime.MalformedHandlerName``, ``Runtime.BuiltInModuleConflict``,
``Runtime.ImportModuleError``, ``Runtime.UserCodeSyntaxError``,
``Runtime.HandlerNotFound``; any other exception raised while the module runs
is reported as itself.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any, Callable

from .errors import FaultError

Handler = Callable[[Any, Any], Any]


def load_handler(name: str) -> Handler:
    """Imports the handler's module and returns its function (or raises a ``FaultError``)."""
    parts = name.rsplit(".", 1)
    if len(parts) != 2:
        raise FaultError("Runtime.MalformedHandlerName", f"Bad handler '{name}': not enough values to unpack (expected 2, got 1)")
    module_name, function_name = parts
    if module_name.split(".")[0] in sys.builtin_module_names:
        raise FaultError("Runtime.BuiltInModuleConflict", f"Cannot use built-in module {module_name} as a handler module")
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as error:
        raise FaultError("Runtime.ImportModuleError", f"Unable to import module '{module_name}': {error}") from error
    except SyntaxError as error:
        where = f'  File "{error.filename}" Line {error.lineno}\n    {error.text}'
        raise FaultError("Runtime.UserCodeSyntaxError", f"Syntax error in module '{module_name}': {error}", [where]) from error
    try:
        handler: Handler = getattr(module, function_name)
    except AttributeError as error:
        raise FaultError("Runtime.HandlerNotFound", f"Handler '{function_name}' missing on module '{module_name}'") from error
    return handler
