#!/usr/bin/env bash
# Make sure the Debian packages that the PDF build and the browser tests need
# are installed. Fast when they are already there (one dpkg-query call).
# Installs them with apt-get when run as root; otherwise prints the command
# to run and fails.
set -euo pipefail

packages=(texlive-xetex texlive-fonts-recommended fonts-freefont-otf latexmk chromium poppler-utils)

missing=()
for pkg in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "system packages: all present (${packages[*]})"
    exit 0
fi

echo "system packages missing: ${missing[*]}"
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
    exit 0
fi

cat >&2 <<EOF
The PDF build and the browser tests need these Debian/Ubuntu packages:

    sudo apt-get update
    sudo apt-get install -y --no-install-recommends ${missing[*]}

Install them (as root) and run make again.
EOF
exit 1
