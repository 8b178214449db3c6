#!/usr/bin/env bash
# Installs the Debian packages siamese-report builds against, the fonts its figures use, and
# (with --test) what the test suite needs on top: numpy as the independent numeric reference and
# Chromium for the check that report.html shows every figure.
set -euo pipefail

packages=(
  pkg-config
  libcmark-gfm-dev libcmark-gfm-extensions-dev
  libpng-dev libturbojpeg0-dev
  libopenblas-dev
  libcairo2-dev fonts-dejavu-core
  libssl-dev
)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(chromium)
fi

sudo=""
if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends "${packages[@]}"

if [[ "${1:-}" == "--test" ]]; then
  if ! python3 -c 'import numpy' 2>/dev/null; then
    python3 -m pip install --quiet numpy
  fi
fi
