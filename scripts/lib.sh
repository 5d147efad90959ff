# Shared by the scripts: where builds go, and how to speak.
TARGET_DIR=${CARGO_TARGET_DIR:-target}
export CARGO_TARGET_DIR=$TARGET_DIR

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The version of a crate pinned in Cargo.lock.
locked_version() {
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

# The bytes of the release bundle's FILEs together, raw, gzipped and in brotli (the
# copies build-site.sh stores beside each): "RAW GZIP BROTLI".
stored_sizes() {
  echo "$(cat "$@" | wc -c) $(cat "${@/%/.gz}" | wc -c) $(cat "${@/%/.br}" | wc -c)"
}
