#!/bin/sh
# Build an offline install bundle for a server with no internet (Debian 12, Python 3.11, x86_64):
# the innocounty wheel and every dependency as wheels, the deploy/ files, .env.example and
# install.sh. Run on any machine with internet access and Python 3.11 or later:
#
#   deploy/offline-bundle.sh OUT_DIR           # then copy OUT_DIR to the server
#   OUT_DIR/install.sh /opt/innocounty/venv     # on the server: no package index is used
#
# TARGET_PYTHON (default 3.11), TARGET_GLIBC (default 2.36, as Debian 12 has) and TARGET_ARCH
# (default x86_64) choose the server's wheels (manylinux wheels for that glibc or older), so the
# build machine need not be Debian 12. pip's cache is used, so a second run downloads nothing.
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 OUT_DIR" >&2
    exit 2
fi
OUT="$1"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
TARGET_PYTHON="${TARGET_PYTHON:-3.11}"
TARGET_GLIBC="${TARGET_GLIBC:-2.36}"
TARGET_ARCH="${TARGET_ARCH:-x86_64}"
abi="cp$(echo "$TARGET_PYTHON" | tr -d .)"
# Every manylinux tag a system with that glibc accepts: manylinux_2_36 … manylinux_2_17 and the
# legacy names (pip does not widen a --platform it is given).
platforms=""
minor="${TARGET_GLIBC#2.}"
while [ "$minor" -ge 5 ]; do
    platforms="$platforms --platform manylinux_2_${minor}_${TARGET_ARCH}"
    minor=$((minor - 1))
done
platforms="$platforms --platform manylinux2014_${TARGET_ARCH} --platform manylinux2010_${TARGET_ARCH}"
platforms="$platforms --platform manylinux1_${TARGET_ARCH}"

if [ -e "$OUT" ] && [ -n "$(ls -A "$OUT" 2>/dev/null)" ]; then
    echo "$OUT exists and is not empty; choose a new folder" >&2
    exit 1
fi
mkdir -p "$OUT/wheels"

# 1. innocounty itself, as a wheel (templates, static files, translations included).
"$PYTHON" -m pip wheel --quiet --no-deps --wheel-dir "$OUT/wheels" "$ROOT"
wheel="$(ls "$OUT"/wheels/innocounty-*.whl)"

# 2. Every dependency as a wheel for the server's Python and platform (never an sdist: the
#    server may have no compiler).
"$PYTHON" -m pip download --quiet --dest "$OUT/wheels" --only-binary=:all: \
    --python-version "$TARGET_PYTHON" --implementation cp --abi "$abi" \
    $platforms "$wheel"

# 3. What the operator needs besides the wheels.
cp -r "$ROOT/deploy" "$OUT/deploy"
rm -f "$OUT/deploy/offline-bundle.sh"
cp "$ROOT/.env.example" "$OUT/env.example"
mv "$OUT/deploy/offline-install.sh" "$OUT/install.sh"
chmod +x "$OUT/install.sh"
(cd "$OUT/wheels" && ls *.whl | sed -E 's/^([^-]+)-([^-]+)-.*/\1==\2/' > ../requirements.txt)
(cd "$OUT" && sha256sum wheels/*.whl > SHA256SUMS)
cat > "$OUT/BUNDLE.txt" <<INFO
innocounty offline bundle
package:  $(basename "$wheel")
target:   CPython $TARGET_PYTHON, glibc $TARGET_GLIBC, $TARGET_ARCH (Debian 12)
built:    $(date -u +%Y-%m-%dT%H:%M:%SZ)
wheels:   $(ls "$OUT"/wheels/*.whl | wc -l)
install:  ./install.sh /opt/innocounty/venv   (see docs/zh/运维指南.md 2.3)
INFO
echo "offline bundle written to $OUT ($(ls "$OUT"/wheels/*.whl | wc -l) wheels, $(du -sh "$OUT" | cut -f1))"
