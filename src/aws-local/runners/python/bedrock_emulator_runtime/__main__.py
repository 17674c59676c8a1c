"""``python -m bedrock_emulator_runtime MODULE.FUNCTION``, started in the function's code folder.

The handler comes from the argument, else ``_HANDLER``; the Runtime API's address
from ``AWS_LAMBDA_RUNTIME_API`` (``host:port``). The task root
(``LAMBDA_TASK_ROOT``, else the current folder) is first on ``sys.path``, so the
function's own modules win, as on Lambda.
"""

from __future__ import annotations

import os
import sys
from typing import List

from .bootstrap import run
from .runtime_api import RuntimeApiClient


def main(argv: List[str]) -> None:
    handler = argv[1] if len(argv) > 1 else os.environ.get("_HANDLER", "")
    if handler == "":
        sys.exit("bedrock_emulator_runtime: no handler: give MODULE.FUNCTION as the argument or in _HANDLER")
    address = os.environ.get("AWS_LAMBDA_RUNTIME_API")
    if not address:
        sys.exit("bedrock_emulator_runtime: AWS_LAMBDA_RUNTIME_API is not set: the runtime needs the Runtime API's host:port")
    task_root = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
    sys.path[:] = [task_root, *(entry for entry in sys.path if entry not in ("", task_root))]
    run(handler, RuntimeApiClient(address))


if __name__ == "__main__":
    main(sys.argv)
