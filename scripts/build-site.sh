#!/usr/bin/env bash
# Builds the browser bundle into $TARGET_DIR/site/pkg: the hydrate crate compiled to
# wasm32, bound by wasm-bindgen, plus the stylesheet. Usage: scripts/build-site.sh dev|release
#   dev      unoptimised, no debug info: what the browser tests load (fast to build)
#   release  opt-level z, LTO, no name section: what users download; prints its size
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

profile=${1:-dev}
case "$profile" in
  dev) cargo_profile=wasm-dev ;;
  release) cargo_profile=wasm-release ;;
  *) die "unknown profile '$profile' (expected dev or release)" ;;
esac

toolchain=$(cat "$TARGET_DIR/.wasm-toolchain" 2>/dev/null || echo rustup)
start=$(date +%s)
if [ "$toolchain" = debian ]; then
  # Debian's rustc-web has no prebuilt wasm32 std: build it from rust-web-src.
  # Its own target dir keeps its artefacts apart from rustup's compiler's. Debian
  # ships no `rust-lld`; lld-22's wasm-ld is the same linker under its own name.
  wasm_dir="$TARGET_DIR/front"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=/usr/lib/llvm-22/bin/wasm-ld \
    RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo build -p frontend --lib \
    --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort \
    --profile "$cargo_profile" --target-dir "$wasm_dir"
else
  wasm_dir="$TARGET_DIR"
  cargo build -p frontend --lib --target wasm32-unknown-unknown --profile "$cargo_profile"
fi
wasm="$wasm_dir/wasm32-unknown-unknown/$cargo_profile/frontend.wasm"

pkg="$TARGET_DIR/site/pkg"
mkdir -p "$pkg"
# The server is compiled without LEPTOS_OUTPUT_NAME, so it asks for
# /pkg/throughline.js and /pkg/throughline_bg.wasm: exactly wasm-bindgen's names.
bindgen_flags=(--target web --no-typescript --out-name throughline --out-dir "$pkg")
if [ "$profile" = release ]; then
  bindgen_flags+=(--remove-name-section --remove-producers-section)
fi
wasm-bindgen "${bindgen_flags[@]}" "$wasm"
cp style/main.css "$pkg/throughline.css"

say "site built ($profile, $toolchain toolchain) in $(($(date +%s) - start)) s"
if [ "$profile" = release ]; then
  for file in throughline_bg.wasm throughline.js throughline.css; do
    raw=$(stat -c %s "$pkg/$file")
    gz=$(gzip -9 -c "$pkg/$file" | wc -c)
    printf '    %-22s %8d bytes raw  %8d bytes gzipped\n' "$file" "$raw" "$gz" >&2
  done
fi
