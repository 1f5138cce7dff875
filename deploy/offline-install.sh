#!/bin/sh
# Install innocounty from this offline bundle into a new virtual environment, with no package
# index (written by deploy/offline-bundle.sh as install.sh):
#
#   ./install.sh /opt/innocounty/venv
#
# Needs python3 (3.11) and python3-venv. Checks every wheel against SHA256SUMS first. An
# existing environment is upgraded in place.
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 VENV_DIR" >&2
    exit 2
fi
VENV="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
PYTHON="${PYTHON:-python3}"

(cd "$HERE" && sha256sum --check --quiet SHA256SUMS)
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
# No index and no pip configuration of this machine: only the bundle's wheels are used.
PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= PIP_INDEX_URL= PIP_EXTRA_INDEX_URL= \
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-index \
    --only-binary=:all: --find-links "$HERE/wheels" --requirement "$HERE/requirements.txt"
echo "installed $(basename "$HERE"/wheels/innocounty-*.whl) into $VENV"
