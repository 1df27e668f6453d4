#!/usr/bin/env bash
# Install (or --uninstall) the desktop entry and icon of a built Postdesk for this user.
#
#   scripts/install-desktop-entry.sh [--uninstall] [APP_DIR]
#
# APP_DIR is the one-folder build (default: dist/postdesk beside this script's repo);
# the entry's Exec points at APP_DIR/postdesk by absolute path, so it need not be on PATH.
set -euo pipefail

uninstall=0
if [[ "${1:-}" == "--uninstall" ]]; then
    uninstall=1
    shift
fi
if [[ "${1:-}" == "-h" || "${1:-}" == "--help" || $# -gt 1 ]]; then
    sed -n '2,7s/^# \{0,1\}//p' "$0"
    exit 2
fi

data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
apps="$data_home/applications"
icons="$data_home/icons/hicolor"

refresh_caches() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$apps" || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t "$icons" 2>/dev/null || true
    fi
}

if [[ $uninstall == 1 ]]; then
    rm -f "$apps/postdesk.desktop" "$icons/256x256/apps/postdesk.png" \
        "$icons/scalable/apps/postdesk.svg"
    refresh_caches
    echo "removed the Postdesk desktop entry and icons from $data_home"
    exit 0
fi

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app_dir="$(cd "${1:-$repo/dist/postdesk}" 2>/dev/null && pwd)" || {
    echo "error: ${1:-$repo/dist/postdesk} does not exist; build it first (make dist)" >&2
    exit 1
}
exe="$app_dir/postdesk"
if [[ ! -x "$exe" ]]; then
    echo "error: $exe is not an executable; is $app_dir a Postdesk build?" >&2
    exit 1
fi
# the resources the build carries (PyInstaller >= 6 puts them under _internal/)
resources="$app_dir/_internal/resources"
[[ -d "$resources" ]] || resources="$repo/resources"
for file in postdesk.desktop icons/postdesk.png icons/postdesk.svg; do
    [[ -f "$resources/$file" ]] || { echo "error: $resources/$file is missing" >&2; exit 1; }
done

mkdir -p "$apps" "$icons/256x256/apps" "$icons/scalable/apps"
install -m 644 "$resources/icons/postdesk.png" "$icons/256x256/apps/postdesk.png"
install -m 644 "$resources/icons/postdesk.svg" "$icons/scalable/apps/postdesk.svg"
# Exec/TryExec by absolute path, quoted (the folder may contain spaces); characters the
# desktop-entry spec would need escaped inside quotes are refused rather than escaped
case "$exe" in
    *[\"\`\$\\%]*)
        echo "error: move the build to a path without \" \` \$ \\ or %: $exe" >&2
        exit 1
        ;;
esac
while IFS= read -r line || [[ -n "$line" ]]; do
    case "$line" in
        "Exec=postdesk "*) line="Exec=\"$exe\" ${line#Exec=postdesk }" ;;
        "TryExec=postdesk") line="TryExec=$exe" ;;
    esac
    printf '%s\n' "$line"
done <"$resources/postdesk.desktop" >"$apps/postdesk.desktop.tmp"
chmod 644 "$apps/postdesk.desktop.tmp"
mv "$apps/postdesk.desktop.tmp" "$apps/postdesk.desktop"
refresh_caches
echo "installed $apps/postdesk.desktop (runs $exe)"
