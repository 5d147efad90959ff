#!/usr/bin/env bash
# `make bench`'s one table.
#   scripts/bench-table.sh begin REPORT SITE   starts REPORT: when, the machine, its load,
#                                               and the release bundle's sizes in SITE
#   scripts/bench-table.sh end REPORT          prints REPORT with the load at the end
# Between the two, each bench adds its rows (server/benches/support/report.rs,
# end2end/bench/first-load.spec.ts).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

load() { cut -d' ' -f1 /proc/loadavg; }

case "${1:-}" in
begin)
    report=$2 site=$3
    bundle=$site/pkg/$(cat "$site/bundle.txt")
    # shellcheck disable=SC2046 # stored_sizes prints three numbers
    sizes() { printf '%s %d / %d / %d bytes' "$2" $(stored_sizes "$bundle/$1"); }
    # The parts fetched when a page that is not in the first download is shown.
    parts() {
        local files=("$bundle"/{split,chunk}_*.wasm)
        # shellcheck disable=SC2046
        printf '%d parts fetched on demand %d / %d / %d bytes' "${#files[@]}" $(stored_sizes "${files[@]}")
    }
    {
        echo "make bench, $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, load average $(load) at the start"
        echo
        echo "| what | figure | ratio to the same server's no-op request | load (1 min) | command |"
        echo "|---|---|---|---|---|"
        echo "| release bundle (raw / gzip / brotli) | $(sizes throughline_bg.wasm wasm); $(sizes throughline.js js); $(sizes __wasm_split.js 'split loader'); $(sizes throughline.css css); $(parts) | — | $(load) | \`scripts/build-site.sh release\` |"
    } > "$report"
    ;;
end)
    report=$2
    cat "$report"
    echo
    echo "load average $(load) at the end, $(date -u '+%H:%M') UTC"
    ;;
*)
    echo "usage: $0 begin REPORT SITE | end REPORT" >&2
    exit 2
    ;;
esac
