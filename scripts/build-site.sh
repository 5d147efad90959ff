#!/usr/bin/env bash
# Builds the browser bundle into $TARGET_DIR/site/pkg (release) or site-dev/pkg (dev): the hydrate crate compiled to
# wasm32, split at its lazy routes by wasm-split-cli, bound by wasm-bindgen, plus the stylesheet, all in a folder
# named by their hash. Usage: scripts/build-site.sh dev|release
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

# Release and test bundles live apart, so a server started after `make test` still
# serves the release bundle.
case "$profile" in
  dev) site="$TARGET_DIR/site-dev" ;;
  release) site="$TARGET_DIR/site" ;;
esac
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
# The pages most people never open are split points (`app/src/pages/lazy.rs`):
# wasm-split-cli moves the code only they reach into parts of their own, fetched
# by its loader (`__wasm_split.js`) when such a page is first shown. It works on
# the linked module, before wasm-bindgen, which then binds the main part.
wasm-split-cli "$wasm" "$staging" --out-name throughline
bindgen_flags=(--target web --no-typescript --out-name throughline --out-dir "$staging"
  --keep-lld-exports --no-demangle)
if [ "$profile" = release ]; then
  bindgen_flags+=(--remove-name-section --remove-producers-section)
fi
wasm-bindgen "${bindgen_flags[@]}" "$staging/throughline.wasm"
rm "$staging/throughline.wasm"
cp style/main.css "$staging/throughline.css"

# The bundle's files go in a folder named after the hash of all of them: a browser
# may keep them for good (the server says so), since a new build always has a new
# folder, and the parts find each other by relative addresses. The server reads
# the folder's name from bundle.txt.
hash=$(cd "$staging" && find . -type f | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-16)
name="throughline-$hash"
pkg="$site/pkg"
rm -rf "$pkg"
mkdir -p "$pkg"
mv "$staging" "$pkg/$name"
trap - EXIT
chmod 755 "$pkg/$name"
if [ "$profile" = release ]; then
  # Stored compressed once here instead of on every request; the server sends the
  # copy the browser accepts.
  for file in "$pkg/$name"/*; do
    gzip -9 -n -k "$file"
    node -e '
      const fs = require("fs"), zlib = require("zlib");
      const [from, to] = process.argv.slice(1);
      fs.writeFileSync(to, zlib.brotliCompressSync(fs.readFileSync(from), {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
                  [zlib.constants.BROTLI_PARAM_SIZE_HINT]: fs.statSync(from).size },
      }));' "$file" "$file.br"
  done
fi
echo "$name" > "$site/bundle.txt"

say "site built ($profile, $toolchain toolchain) in $(($(date +%s) - start)) s: $site"
if [ "$profile" = release ]; then
  row='    %-24s %8d bytes raw  %8d gzipped  %8d brotli\n'
  for file in "$pkg/$name"/{throughline_bg.wasm,throughline.js,__wasm_split.js,throughline.css}; do
    # shellcheck disable=SC2046 # three numbers
    printf "$row" "${file##*/}" $(stored_sizes "$file") >&2
  done
  parts=("$pkg/$name"/{split,chunk}_*.wasm)
  # shellcheck disable=SC2046
  printf "$row" "${#parts[@]} parts" $(stored_sizes "${parts[@]}") >&2
fi
