#!/usr/bin/env bash
# Installs the Debian packages Qt, QtWebEngine and the fonts need; prints the
# apt-get line instead when not root. Idempotent: does nothing when all present.
set -euo pipefail

PACKAGES=(
  xvfb xauth
  libegl1 libgl1 libopengl0 libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0
  libxcb-xkb1 libxcb-xfixes0 libx11-xcb1
  libnss3 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxkbfile1 libasound2
  libxshmfence1 libgbm1
  fonts-noto-cjk fonts-noto-color-emoji fonts-dejavu-core
  unicode-cldr-core
  git
)

command -v dpkg-query >/dev/null 2>&1 || { echo "system-deps: not a Debian system; install the Qt 6 runtime libraries and CJK/emoji fonts yourself" >&2; exit 0; }

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
  echo "system-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "system-deps: missing Debian packages. Run:" >&2
  echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
