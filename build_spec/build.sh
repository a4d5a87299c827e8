#!/usr/bin/env bash
# Build the one-folder app (dist/advisor/) on Linux and run its self-test.
#   build_spec/build.sh            build + self-test (exit 1 if the self-test fails)
#   PY=python3.11 build_spec/build.sh   use another interpreter for a fresh .venv
# Needs: Python >= 3.11 with venv; for the window's self-test, the Qt xcb libraries are not needed (offscreen).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q -e '.[bundle]'
start=$(date +%s)
.venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller build_spec/advisor.spec
end=$(date +%s)
size=$(du -sh dist/advisor | cut -f1)
echo "built dist/advisor in $((end - start)) s ($size)"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
QT_QPA_PLATFORM=offscreen ADVISOR_HOME="$home" dist/advisor/advisor --self-test
