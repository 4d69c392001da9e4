#!/usr/bin/env bash
# Prove a refactor changed no output: build the example handbook and every
# shared corpus with two waybook binaries and compare the sites byte for byte
# (and the `check --format json` diagnostics).
#
# usage:  bench/same_output.sh OLD_BINARY NEW_BINARY [HANDBOOK...]
#   default handbooks: example-handbook and ../shared/corpora/*/
#   e.g.  git worktree add /tmp/old <commit> && (cd /tmp/old && cargo build --release)
#         bench/same_output.sh /tmp/old/target/release/waybook target/release/waybook
# Exit 0 when every site and diagnostic list is identical, 1 otherwise (the
# differing files are listed).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
[ $# -ge 2 ] || { sed -n 2,12p "$0"; exit 2; }
OLD=$(realpath "$1"); NEW=$(realpath "$2"); shift 2
if [ $# -eq 0 ]; then
  set -- "$REPO/example-handbook" "$REPO"/../shared/corpora/*/
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
status=0
for hb in "$@"; do
  name=$(basename "$hb")
  for side in old new; do
    bin=$OLD; [ $side = new ] && bin=$NEW
    # The same date on both sides, so review lints agree.
    WAYBOOK_TODAY=2026-11-22 "$bin" build "$hb" -o "$WORK/$side-$name" >/dev/null 2>&1
    WAYBOOK_TODAY=2026-11-22 "$bin" check "$hb" --format json > "$WORK/$side-$name.json" 2>/dev/null
  done
  if diff -rq "$WORK/old-$name" "$WORK/new-$name" >/dev/null \
     && cmp -s "$WORK/old-$name.json" "$WORK/new-$name.json"; then
    printf '%-28s identical (%s files)\n' "$name" "$(find "$WORK/new-$name" -type f | wc -l)"
  else
    printf '%-28s DIFFERS\n' "$name"
    diff -rq "$WORK/old-$name" "$WORK/new-$name" | head -20
    cmp "$WORK/old-$name.json" "$WORK/new-$name.json"
    status=1
  fi
done
exit $status
