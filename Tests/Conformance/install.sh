#!/usr/bin/env bash
# Installs the conformance harness's tools; safe to run again (it skips what is current).
#
#   Tests/Conformance/.venv-py3/  Python 3 venv: websockets (interop.py) and virtualenv
#   Tests/Conformance/.venv/      Python 2.7.18 virtualenv: autobahntestsuite (wstest)
#
# Usage: Tests/Conformance/install.sh [--with-peers]
#   --with-peers  also install what the harness's own check needs: Node's `ws`
#                 (Debian package node-ws) for peers/roost-ws.js.
#
# Environment:
#   PY27     Python 2.7 interpreter  (default: $(pyenv root)/versions/2.7.18/bin/python)
#   PYTHON3  Python >= 3.9 for .venv-py3 (default: python3)
#
# Takes about 1 minute on a fresh machine (see README.md); most of it is pip
# downloading Twisted/cryptography and compiling wsaccel.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

with_peers=0
for arg in "$@"; do
  case "$arg" in
    --with-peers) with_peers=1 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

started=$SECONDS
log() { printf '[install %3ds] %s\n' "$((SECONDS - started))" "$*"; }

# Stamps record what a venv was built from, so a changed pin rebuilds it.
stamp_of() { { echo "$1"; cat "$2"; } | sha256sum | cut -d' ' -f1; }

python3_bin="${PYTHON3:-python3}"
if ! "$python3_bin" -c 'import sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
  echo "install.sh: need Python >= 3.9 as '$python3_bin' (set PYTHON3)" >&2
  exit 1
fi

if [[ -z "${PY27:-}" ]]; then
  if ! command -v pyenv >/dev/null; then
    echo "install.sh: pyenv not found; set PY27 to a Python 2.7 interpreter" >&2
    exit 1
  fi
  PY27="$(pyenv root)/versions/2.7.18/bin/python"
fi
if ! "$PY27" -c 'import sys; sys.exit(sys.version_info[:2] != (2, 7))' 2>/dev/null; then
  echo "install.sh: '$PY27' is not a working Python 2.7 (pyenv install 2.7.18, or set PY27)" >&2
  exit 1
fi

# --- Python 3 venv: websockets + virtualenv ------------------------------------------
py3_stamp="$(stamp_of "$("$python3_bin" -c 'import sys; print(sys.executable, sys.version)')" requirements-py3.txt)"
if [[ -x .venv-py3/bin/python && "$(cat .venv-py3/.stamp 2>/dev/null)" == "$py3_stamp" ]]; then
  log ".venv-py3 is current"
else
  log "creating .venv-py3 with $("$python3_bin" --version 2>&1)"
  rm -rf .venv-py3
  "$python3_bin" -m venv .venv-py3
  .venv-py3/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-py3.txt
  echo "$py3_stamp" > .venv-py3/.stamp
fi

# --- Python 2.7 virtualenv: autobahntestsuite ----------------------------------------
py27_stamp="$(stamp_of "$("$PY27" -c 'import sys; print(sys.executable + " " + sys.version)')" requirements-py27.txt)"
if [[ -x .venv/bin/wstest && "$(cat .venv/.stamp 2>/dev/null)" == "$py27_stamp" ]]; then
  log ".venv (wstest) is current"
else
  log "creating .venv with $("$PY27" --version 2>&1) via virtualenv"
  rm -rf .venv
  .venv-py3/bin/python -m virtualenv --quiet --python "$PY27" .venv
  log "installing autobahntestsuite (pinned in requirements-py27.txt)"
  # PYTHONWARNINGS: pip 20.3 on Python 2.7 prints a deprecation banner per call.
  PYTHONWARNINGS=ignore .venv/bin/python -m pip install --quiet --disable-pip-version-check \
    --no-python-version-warning -r requirements-py27.txt
  echo "$py27_stamp" > .venv/.stamp
fi
.venv/bin/python -c 'import autobahntestsuite, autobahn, wsaccel' \
  || { echo "install.sh: wstest venv is broken; delete Tests/Conformance/.venv and rerun" >&2; exit 1; }
log "wstest: $(.venv/bin/wstest --autobahnversion 2>&1 | tr '\n' ' ')"

# --- Tools the runs use from Debian --------------------------------------------------
need_apt=()
command -v openssl >/dev/null || need_apt+=(openssl)
if (( with_peers )); then
  command -v node >/dev/null || need_apt+=(nodejs)
  if ! node -e "require.resolve('ws')" 2>/dev/null && [[ ! -e /usr/share/nodejs/ws/package.json ]]; then
    need_apt+=(node-ws)
  fi
fi
if (( ${#need_apt[@]} )); then
  log "apt-get install ${need_apt[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    echo "install.sh: need root to apt-get install ${need_apt[*]}" >&2
    exit 1
  fi
  # `update` only when the package lists are missing (a fresh machine).
  if ! apt-cache show "${need_apt[@]}" >/dev/null 2>&1; then
    apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

log "done"
