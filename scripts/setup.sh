#!/usr/bin/env bash
# Installs what building (and with `test`, testing) Throughline needs on Debian,
# skipping every step whose result is already present. Usage: scripts/setup.sh run|test
#
# THROUGHLINE_WASM_TOOLCHAIN picks how the browser bundle is compiled:
#   auto (default)  rustup's wasm32 target, falling back to Debian's when rustup fails
#   rustup          rustup's wasm32 target only
#   debian          Debian's rustc-web with -Zbuild-std (no toolchain download at all)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

mode=${1:-run}
missing_packages=()

need_command() { # command package
  command -v "$1" >/dev/null 2>&1 || missing_packages+=("$2")
}
need_package() { # package
  dpkg -s "$1" >/dev/null 2>&1 || missing_packages+=("$1")
}

install_missing_packages() {
  [ ${#missing_packages[@]} -eq 0 ] && return
  say "installing Debian packages: ${missing_packages[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing_packages[@]}" >/dev/null
  missing_packages=()
}

command -v cargo >/dev/null 2>&1 ||
  die "cargo is missing: install Rust with rustup (https://rustup.rs) first"
need_command cc build-essential
need_command pkg-config pkg-config
need_command gzip gzip
# The release bundle's brotli copies are made with Node's zlib.
need_command node nodejs
if [ "$mode" = test ]; then
  need_command npm npm
  need_command chromium chromium
  need_command python3 python3
  python3 -c 'import ensurepip' 2>/dev/null || missing_packages+=(python3-venv)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing_packages+=(postgresql)
fi
install_missing_packages

# The wasm32 standard library: rustup's prebuilt one, or Debian's sources built with
# -Zbuild-std. The choice is remembered for scripts/build-site.sh.
toolchain=${THROUGHLINE_WASM_TOOLCHAIN:-auto}
if [ "$toolchain" != debian ]; then
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    toolchain=rustup
  elif rustup target add wasm32-unknown-unknown; then
    toolchain=rustup
  elif [ "$toolchain" = rustup ]; then
    die "rustup could not add wasm32-unknown-unknown (set THROUGHLINE_WASM_TOOLCHAIN=debian to build without it)"
  else
    say "rustup could not add wasm32-unknown-unknown: falling back to Debian's rustc-web"
    toolchain=debian
  fi
fi
if [ "$toolchain" = debian ]; then
  for package in rustc-web cargo-web rust-web-src lld-22; do need_package "$package"; done
  install_missing_packages
fi
mkdir -p "$TARGET_DIR"
echo "$toolchain" > "$TARGET_DIR/.wasm-toolchain"

# wasm-bindgen's CLI must be exactly the library version in Cargo.lock.
want=$(locked_version wasm-bindgen)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (was: ${have:-none}; takes several minutes once)"
  # No --locked: its lock file pins a webpki-roots release the registry here lacks.
  cargo install -q wasm-bindgen-cli --version "$want"
fi

# Splits the bundle at its lazy routes (see scripts/build-site.sh); the version the
# split points' helper crate (wasm_split_helpers, through leptos) speaks to.
wasm_split_version=0.2.4
# (It has no --version: cargo's list of what it installed says.)
have=$(cargo install --list | awk '$1 == "wasm_split_cli_support" { sub(/^v/, "", $2); sub(/:$/, "", $2); print $2 }')
if [ "$have" != "$wasm_split_version" ]; then
  say "installing wasm-split-cli $wasm_split_version (was: ${have:-none}; takes a minute or two once)"
  cargo install -q --locked wasm_split_cli_support --version "$wasm_split_version" \
    --features build-binary
fi

if [ "$mode" = test ]; then
  if [ ! -d end2end/node_modules/@playwright/test ] ||
    [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "installing Playwright from npm (no browser download: Debian's chromium is used)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
  fi
fi

if [ "$mode" = test ]; then
  # The public API's contract test (scripts/api-contract.sh) runs schemathesis from
  # PyPI, in a virtualenv of its own.
  schemathesis_version=4.32.5
  venv="$TARGET_DIR/tools/schemathesis"
  have=$("$venv/bin/schemathesis" --version 2>/dev/null | awk '{print $3}' || true)
  if [ "$have" != "$schemathesis_version" ]; then
    say "installing schemathesis $schemathesis_version from PyPI (was: ${have:-none})"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$schemathesis_version"
  fi
fi
