#!/usr/bin/env sh
# Sets up a fresh clone: the system packages aws-lambda-ric, the browser tests and
# the Python functions need, then `npm ci`.
# aws-lambda-ric — the real Lambda runtime interface client, a dev dependency that
# the Lambda host's runtime mode runs — compiles native code during its install and
# needs autoconf, automake and libtool. On Debian or Ubuntu as root they are installed
# here; elsewhere the script says what to install.
set -eu
cd "$(dirname "$0")/.."

missing=""
for command in autoreconf automake libtoolize; do
  command -v "$command" >/dev/null 2>&1 || missing="$missing $command"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing autoconf automake libtool (aws-lambda-ric builds native code)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq autoconf automake libtool >/dev/null
  else
    echo "setup: missing$missing. Install autoconf, automake and libtool (apt-get install autoconf automake libtool, or brew install autoconf automake libtool), then run this again." >&2
    exit 1
  fi
fi

# The browser tests drive a real headless Chromium through playwright-core, which
# needs a system browser: `npx playwright install` downloads its own and fails
# offline, Debian's `chromium` package installs with apt. Without it only the
# browser tests fail, so setup goes on and says what to install.
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing chromium (the browser tests run it headless)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
      echo "setup: apt-get could not install chromium; the browser tests need it: install it (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary." >&2
    fi
  else
    echo "setup: no Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium}; the browser tests need it: install it (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary." >&2
  fi
fi

# Python functions run on the machine's python3, and a function's requirements.txt (and the
# suite's mypy and simplejson) is installed into a venv, which Debian ships apart (python3-venv).
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing python3 python3-venv python3-pip (Python functions and their requirements.txt)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv python3-pip >/dev/null; }; then
      echo "setup: apt-get could not install python3-venv; the Python function tests need it (apt-get install python3 python3-venv python3-pip)." >&2
    fi
  else
    echo "setup: no python3 with venv; the Python function tests need it: install Python 3 with its venv module (apt-get install python3 python3-venv python3-pip, or brew install python)." >&2
  fi
fi

# npm runs on the machine's own Node (possibly 20) and warns EBADENGINE for packages
# that need 22; the project's scripts run on its node@22 dev dependency.
npm ci --no-audit --no-fund
