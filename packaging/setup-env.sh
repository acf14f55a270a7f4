#!/usr/bin/env bash
# Prepare a development/test environment in .venv on a Debian machine (or any Linux with Python >= 3.11).
#   bash packaging/setup-env.sh          app dependencies
#   bash packaging/setup-env.sh --test   app + test dependencies
# Picks Python >= 3.12 when one exists (PySide6 6.12 aborts on 3.11, see TECH-NOTES); on a machine with
# only 3.11 the package's environment markers pin PySide6 6.11.3 instead. Installs the few Debian
# libraries Qt needs (offscreen and on a real X display) when run as root and they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
[ "${1:-}" = "--test" ] && extras="[test]"

find_python() {
  # 3.12 first: it is what the Windows build ships (packaging/README.md); 3.13 also runs PySide6 6.12.
  for cand in python3.12 python3.13; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import venv' 2>/dev/null; then echo "$cand"; return; fi
  done
  # pyenv installs interpreters without putting them on PATH.
  for cand in "$HOME"/.pyenv/versions/3.12*/bin/python3 "$HOME"/.pyenv/versions/3.13*/bin/python3; do
    if [ -x "$cand" ]; then echo "$cand"; return; fi
  done
  echo python3
}

apt_packages=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3
  libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-xinerama0 libxcb-randr0 libxcb-shape0 libxcb-xkb1 libxcb-xfixes0 libx11-xcb1 poppler-utils)
if command -v dpkg >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  missing=()
  for p in "${apt_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "安装系统库: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

py=$(find_python)
if [ ! -x .venv/bin/python ]; then
  "$py" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras}" 2>&1 | grep -v -E '^WARNING: Location' || true
.venv/bin/python -c 'import sys, PySide6; print(f"环境就绪：Python {sys.version.split()[0]}，PySide6 {PySide6.__version__}")'
