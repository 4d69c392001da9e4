#!/usr/bin/env bash
# waybook benchmark harness. See BENCHMARKS.md for the results and how to read them.
#
# usage:  bench/run.sh [MODE...]      MODE: build wave scale live profile report, or all (default)
#   build    full build at SIZES (tmpfs and disk), no-op rebuild, check only, peak RSS,
#            output size, md_floor floor (+ paired ratio), governance corpora, peers if on PATH
#   wave     every ratio in one table per size (bench/ratios.py): waybook on the wave corpus
#            (governance, groups, decisions, French over 30% of docs, GIT_COMMITS commits of
#            history) against Zola, Zola with its search index (when zola is on PATH) and
#            md_floor, interleaved, RUNS rounds; wall, CPU, peak RSS and the ratios
#            (waybook with --no-cache here and in scale: a first build, git log included)
#   scale    full build time and peak RSS at SCALE_SIZES (the largest run once), on the
#            FEATURES corpus
#   live     save -> reload event / save -> new content served, `waybook serve` at LIVE_SIZES,
#            on the FEATURES corpus
#            (and zola/hugo/mdbook dev servers when on PATH)
#   profile  perf record -g (DWARF call graphs) of the PROFILE_SIZE build, grouped by component
#   report   print the Markdown tables from the results already in $WORK/results
#
# env (defaults in brackets):
#   WAYBOOK      waybook binary to measure [cargo build --release, copied to $WORK/bin]
#   BENCH_DIR    where corpora live, c1k c5k c10k c20k and their -gov copies [/dev/shm]
#   WORK         outputs, scratch copies and results [$BENCH_DIR/waybook-bench]
#   DISK_DIR     output dir for the on-disk figures, must not be tmpfs [/var/tmp/waybook-bench]
#   SHARED_BENCH gen_corpus.py, gen_governance.py, md_floor/ [<repo>/../shared/bench]
#   MD_FLOOR     md_floor binary [built from $SHARED_BENCH/md_floor into $WORK]
#   RUNS [5]  SIZES ["1000 10000"]  DISK_SIZES ["1000 10000"]  SCALE_SIZES ["1000 5000 10000 20000"]
#   SCALE_RUNS [3] (sizes above 10000 run once)  LIVE_SIZES ["1000 10000"]  TRIALS [20]
#   LIVE_SETTLES ["1 5"] seconds between saves in the live trials (one pass per value)
#   PROFILE_SIZE [10000]  GOV [1] (0: skip the governance corpora)  GIT_COMMITS [20000]
#   FEATURES [wave]  corpus of scale and live: wave (as the wave mode) or plain (docs only)
#   CARGO_PROFILE [dist]  cargo profile to build waybook with (dist: release + fat LTO)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/dev/shm}"
WORK="${WORK:-$BENCH_DIR/waybook-bench}"
DISK_DIR="${DISK_DIR:-/var/tmp/waybook-bench}"
SHARED_BENCH="${SHARED_BENCH:-$REPO/../shared/bench}"
RUNS="${RUNS:-5}"
SIZES="${SIZES:-1000 10000}"
DISK_SIZES="${DISK_SIZES:-1000 10000}"
SCALE_SIZES="${SCALE_SIZES:-1000 5000 10000 20000}"
SCALE_RUNS="${SCALE_RUNS:-3}"
LIVE_SIZES="${LIVE_SIZES:-1000 10000}"
TRIALS="${TRIALS:-20}"
LIVE_SETTLES="${LIVE_SETTLES:-1 5}"
PROFILE_SIZE="${PROFILE_SIZE:-10000}"
GOV="${GOV:-1}"
GIT_COMMITS="${GIT_COMMITS:-20000}"
CARGO_PROFILE="${CARGO_PROFILE:-dist}"
FEATURES="${FEATURES:-wave}"
RES="$WORK/results"
OUT="$WORK/out"
mkdir -p "$RES" "$OUT" "$WORK/bin"

say() { printf '\n== %s\n' "$*" >&2; }
label() { local n=$1; if (( n % 1000 == 0 )); then echo "$((n / 1000))k"; else echo "$n"; fi; }
corpus() { echo "$BENCH_DIR/c$(label "$1")"; }           # gen_corpus.py --out dir
hb() { echo "$(corpus "$1")/handbook"; }                 # the handbook layout inside it
fstype() { stat -f -c %T "$1"; }

need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "error: $1 not found. $2" >&2
  exit 2
}
need hyperfine "Install it with: apt-get install -y hyperfine"
need python3 ""
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time (GNU time) missing: apt-get install -y time" >&2; exit 2; }
[ -f "$SHARED_BENCH/gen_corpus.py" ] || { echo "error: $SHARED_BENCH/gen_corpus.py not found (set SHARED_BENCH)" >&2; exit 2; }

# --- the binaries (not needed by `report`) -----------------------------------------------
setup_bins() {
  [ -n "${WB:-}" ] && return 0
  if [ -n "${WAYBOOK:-}" ]; then
    WB="$(readlink -f "$WAYBOOK")"
    echo "waybook: $WB (given, $(date -u +%FT%TZ))" > "$RES/waybook-version.txt"
  else
    # the `dist` profile (release + fat LTO, one codegen unit), as packaged
    # binaries and the peers' own release builds are made; CARGO_PROFILE=release
    # measures what `cargo build --release` gives
    say "cargo build --profile $CARGO_PROFILE"
    (cd "$REPO" && cargo build --profile "$CARGO_PROFILE" --quiet)
    # a private copy: other people rebuilding target/ must not swap the binary mid-run
    cp "$REPO/target/$CARGO_PROFILE/waybook" "$WORK/bin/waybook"
    WB="$WORK/bin/waybook"
    { echo "waybook: $WB (copy of target/$CARGO_PROFILE/waybook)";
      echo "commit: $(cd "$REPO" && git rev-parse --short HEAD 2>/dev/null || echo unknown)";
      echo "working tree: $(cd "$REPO" && git status --porcelain -- . ':!bench' 2>/dev/null | grep -c . || true) changed files outside bench/"; } \
      > "$RES/waybook-version.txt"
    (cd "$REPO" && git status --porcelain -- . ':!bench') > "$RES/git-status.txt" 2>/dev/null || true
  fi
  grep -q '^waybook [0-9]' "$RES/waybook-version.txt" 2>/dev/null || "$WB" --version >> "$RES/waybook-version.txt" 2>&1 || true

  if [ -n "${MD_FLOOR:-}" ]; then
    MDF="$MD_FLOOR"
  else
    MDF="$WORK/md_floor-target/release/md_floor"
    if [ ! -x "$MDF" ]; then
      say "building md_floor (pulldown-cmark floor) into $WORK/md_floor-target"
      cargo build --release --quiet --manifest-path "$SHARED_BENCH/md_floor/Cargo.toml" \
        --target-dir "$WORK/md_floor-target"
    fi
  fi
}

# --- corpora -----------------------------------------------------------------------------
ensure_corpus() {   # N [extra layouts, comma separated]
  local n=$1 extra=${2:-} c; c="$(corpus "$n")"
  if [ ! -f "$c/corpus.json" ] || [ ! -d "$c/handbook/content" ]; then
    say "generating the $n-page corpus into $c"
    python3 "$SHARED_BENCH/gen_corpus.py" --pages "$n" --out "$c" --layouts handbook --quiet
  fi
  if [ -n "$extra" ]; then
    local l; for l in ${extra//,/ }; do
      [ -d "$c/$l" ] || python3 "$SHARED_BENCH/gen_corpus.py" --pages "$n" --out "$c" --layouts "$l" --quiet
    done
  fi
}

# A copy of the corpus with roles, journeys, glossary and people from gen_governance.py.
# gen_governance.py writes people.yml and glossary.yml as bare YAML lists; waybook's schema
# (README) wants them under `people:` and `terms:`, so those two files are wrapped.
ensure_gov() {
  local n=$1 g; g="$(corpus "$n")-gov"
  ensure_corpus "$n"
  if [ ! -f "$g/.waybench-gov" ]; then
    say "governance copy $g"
    rm -rf "$g"; cp -r "$(corpus "$n")" "$g"
    python3 "$SHARED_BENCH/gen_governance.py" "$g/handbook" >&2
    local f k
    for f in people:people glossary:terms; do
      k=${f#*:}; f="$g/handbook/${f%%:*}.yml"
      if head -c 2 "$f" | grep -q -- '- '; then { printf '%s:\n' "$k"; cat "$f"; } > "$f.new"; mv "$f.new" "$f"; fi
    done
    touch "$g/.waybench-gov"
  fi
}

# The governance copy with this wave's features, as a git repository (the handbook at its
# root): 500 groups and 2,000 decision records per 10k docs (gen_wave.py), French over 30%
# of the docs, and GIT_COMMITS commits each changing 1-3 docs (git_history.py), so credits,
# dates and translation status all come from git.
ensure_wave() {
  local n=$1 g w; g="$(corpus "$n")-gov"; w="$(corpus "$n")-wave"
  ensure_gov "$n"
  if [ ! -f "$w/.git/waybench-wave" ]; then
    say "wave copy $w: groups, decisions, French, $GIT_COMMITS commits"
    rm -rf "$w" "$w.src"; cp -r "$g/handbook" "$w.src"
    python3 "$HERE/gen_wave.py" "$w.src" --languages fr >&2
    python3 "$HERE/git_history.py" --corpus "$w.src" --dir "$w" --commits "$GIT_COMMITS" \
      --at-root --make-only >&2
    rm -rf "$w.src"; touch "$w/.git/waybench-wave"
  fi
}

# featured N: the handbook scale and live build, made if missing: the wave corpus
# (FEATURES=wave) or the plain docs corpus (FEATURES=plain).
featured() {
  local n=$1
  case "$FEATURES" in
    wave) ensure_wave "$n"; echo "$(corpus "$n")-wave" ;;
    plain) ensure_corpus "$n"; hb "$n" ;;
    *) echo "error: FEATURES is wave or plain, not $FEATURES" >&2; exit 2 ;;
  esac
}

# --- measuring helpers -------------------------------------------------------------------
# timev ID CMD...: one run under GNU time -v; keeps the report, prints wall/RSS/exit
timev() {
  local id=$1; shift
  /usr/bin/time -v -o "$RES/time-$id.txt" "$@" > "$RES/stdout-$id.txt" 2> "$RES/stderr-$id.txt" || true
  local st rss wall
  st=$(awk -F': ' '/Exit status/{print $2}' "$RES/time-$id.txt")
  rss=$(awk -F': ' '/Maximum resident/{printf "%.0f", $2/1024}' "$RES/time-$id.txt")
  wall=$(awk -F': ' '/Elapsed/{print $2}' "$RES/time-$id.txt")
  echo "  $id: wall $wall, peak RSS $rss MiB, exit $st" >&2
}
# hf ID RUNS PREPARE CMD: hyperfine, JSON kept; PREPARE may be ""
hf() {
  local id=$1 runs=$2 prep=$3 cmd=$4
  local args=(--runs "$runs" --warmup 0 -N -i --style basic --export-json "$RES/hf-$id.json")
  [ -n "$prep" ] && args=(--runs "$runs" --warmup 0 -i --style basic --prepare "$prep" --export-json "$RES/hf-$id.json")
  # -N (no shell) only when there is no prepare step: hyperfine 1.15 wants a shell for --prepare
  hyperfine "${args[@]}" -n "$id" "$cmd" 2>&1 | grep -E 'Time|Range|Warning' | sed 's/^/  /' >&2 || true
}
# size ID DIR: du -sh, apparent bytes, file count and the biggest parts
size() {
  local id=$1 d=$2
  { echo "du_sh=$(du -sh "$d" | cut -f1)"; echo "du_k=$(du -sk "$d" | cut -f1)";
    echo "bytes=$(du -sb "$d" | cut -f1)"; echo "files=$(find "$d" -type f | wc -l)";
    echo "html_files=$(find "$d" -type f -name '*.html' | wc -l)";
    local p; for p in content search handbook.json sitemap.xml static; do
      [ -e "$d/$p" ] && echo "part_$p=$(du -sb "$d/$p" | cut -f1)"; done; } > "$RES/size-$id.txt"
  echo "  $id: $(tr '\n' ' ' < "$RES/size-$id.txt")" >&2
}
# `machine MODE start` begins the mode's file afresh (a new run does not carry an
# earlier run's lines); `machine MODE` adds the conditions at the mode's end.
machine() {
  [ "${2:-}" = start ] && : > "$RES/machine-$1.txt"
  { echo "date=$(date -u +%FT%TZ)"; echo "nproc=$(nproc)"; echo "loadavg=$(cut -d' ' -f1-3 /proc/loadavg)";
    echo "cpu=$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)";
    echo "mem=$(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)";
    echo "kernel=$(uname -r)"; echo "bench_fs=$(fstype "$BENCH_DIR")"; echo "disk_fs=$(fstype "$DISK_DIR" 2>/dev/null || echo ?)";
    echo "hyperfine=$(hyperfine --version)"; } >> "$RES/machine-$1.txt"
}

# --- modes -------------------------------------------------------------------------------
mode_build() {
  setup_bins
  mkdir -p "$DISK_DIR"
  if [ "$(fstype "$DISK_DIR")" = tmpfs ]; then echo "warning: DISK_DIR=$DISK_DIR is tmpfs" >&2; fi
  machine build start
  local n l c o peers=""
  for t in zola hugo mdbook; do command -v "$t" >/dev/null && peers="$peers $t"; done
  for n in $SIZES; do
    l=$(label "$n"); c=$(hb "$n"); o="$OUT/build-$l"
    ensure_corpus "$n" "$(echo $peers | tr ' ' ,)"
    say "full build, $l, output on tmpfs ($o)"
    rm -rf "$o"; timev "build-$l" "$WB" build "$c" -o "$o"; size "build-$l" "$o"
    hf "build-$l" "$RUNS" "rm -rf $o" "$WB build $c -o $o"
    say "no-op rebuild, $l (same output folder, nothing changed)"
    timev "noop-$l" "$WB" build "$c" -o "$o"
    hf "noop-$l" "$RUNS" "" "$WB build $c -o $o"
    say "check only, $l"
    timev "check-$l" "$WB" check "$c"
    hf "check-$l" "$RUNS" "" "$WB check $c"
    say "md_floor render, $l (tmpfs)"
    rm -rf "$o-floor"; timev "floor-$l" "$MDF" render "$c/content" "$o-floor"; size "floor-$l" "$o-floor"
    hf "floor-$l" "$RUNS" "rm -rf $o-floor" "$MDF render $c/content $o-floor"
    say "paired: waybook build vs md_floor render, $l (tmpfs, alternated)"
    python3 "$HERE/paired.py" --runs "$RUNS" --json "$RES/paired-floor-$l.json" \
      --name-a waybook --a "$WB build $c -o $o" --prep-a "rm -rf $o" \
      --name-b md_floor --b "$MDF render $c/content $o-floor" --prep-b "rm -rf $o-floor" \
      | tee "$RES/paired-floor-$l.txt" >&2
    for t in zola hugo mdbook; do
      if ! command -v "$t" >/dev/null; then
        echo "  $t: not on PATH, skipped (peer figures: BASELINES.md, not this run)" | tee -a "$RES/peers.txt" >&2
        continue
      fi
      local pc po="$OUT/peer-$t-$l"; pc="$(corpus "$n")/$t"
      case $t in
        zola) pcmd="zola --root $pc build --output-dir $po --force" ;;
        hugo) pcmd="hugo --source $pc --destination $po --quiet" ;;
        mdbook) pcmd="env MDBOOK_OUTPUT__HTML__SEARCH__ENABLE=false mdbook build $pc -d $po" ;;
      esac
      say "paired: waybook vs $t, $l"
      rm -rf "$po"; timev "peer-$t-$l" sh -c "$pcmd"; size "peer-$t-$l" "$po"
      python3 "$HERE/paired.py" --runs "$RUNS" --json "$RES/paired-$t-$l.json" \
        --name-a waybook --a "$WB build $c -o $o" --prep-a "rm -rf $o" \
        --name-b "$t" --b "$pcmd" --prep-b "rm -rf $po" | tee "$RES/paired-$t-$l.txt" >&2
    done
    rm -rf "$o-floor"
  done
  for n in $DISK_SIZES; do
    l=$(label "$n"); c=$(hb "$n"); o="$DISK_DIR/build-$l"
    ensure_corpus "$n"
    say "full build, $l, output on disk ($o, $(fstype "$DISK_DIR"))"
    rm -rf "$o"; timev "disk-$l" "$WB" build "$c" -o "$o"; size "disk-$l" "$o"
    hf "disk-$l" "$RUNS" "rm -rf $o" "$WB build $c -o $o"
    say "md_floor render, $l, output on disk"
    hf "disk-floor-$l" "$RUNS" "rm -rf $o-floor" "$MDF render $c/content $o-floor"
    rm -rf "$o" "$o-floor"
  done
  if [ "$GOV" = 1 ]; then
    for n in $SIZES; do
      l=$(label "$n"); ensure_gov "$n"; c="$(corpus "$n")-gov/handbook"; o="$OUT/gov-$l"
      say "full build with governance data (roles, journeys, glossary, people), $l"
      "$WB" check "$c" > "$RES/check-gov-$l.txt" 2>&1 || true
      tail -1 "$RES/check-gov-$l.txt" | sed 's/^/  check: /' >&2
      rm -rf "$o"; timev "gov-$l" "$WB" build "$c" -o "$o"; size "gov-$l" "$o"
      hf "gov-$l" "$RUNS" "rm -rf $o" "$WB build $c -o $o"
      rm -rf "$o"
    done
  fi
  machine build
}

mode_wave() {
  setup_bins
  local n l c o z zs args
  for n in $SIZES; do
    l=$(label "$n"); ensure_corpus "$n" zola; ensure_wave "$n"
    # One machine file per size, beside its ratios (a later run at another
    # size leaves this one's alone).
    machine "wave-$l" start
    c="$(corpus "$n")-wave"; o="$OUT/wave-$l"
    args=(--label "$l" --runs "$RUNS" --json "$RES/ratios-$l.json"
          --waybook "$WB build $c -o $o --no-cache" --prep-waybook "rm -rf $o")
    if command -v zola >/dev/null; then
      z="$(corpus "$n")/zola"; zs="$(corpus "$n")/zola-search"
      if [ ! -d "$zs" ]; then
        cp -r "$z" "$zs"
        sed -i 's/^build_search_index = false/build_search_index = true/' "$zs/config.toml"
      fi
      args+=(--zola "zola --root $z build --output-dir $OUT/zola-$l --force"
             --zola-search "zola --root $zs build --output-dir $OUT/zola-search-$l --force")
    else
      echo "  zola: not on PATH, left out of the table" >&2
    fi
    args+=(--floor "$MDF render $c/content $o-floor" --prep-floor "rm -rf $o-floor")
    say "every ratio, $l: waybook (wave corpus), zola, zola with search, md_floor"
    python3 "$HERE/ratios.py" "${args[@]}" | tee "$RES/ratios-$l.md"
    rm -rf "$o" "$o-floor" "$OUT/zola-$l" "$OUT/zola-search-$l"
    machine "wave-$l"
  done
}

mode_scale() {
  setup_bins
  machine scale start
  local n l c o runs
  for n in $SCALE_SIZES; do
    l=$(label "$n"); c=$(featured "$n"); o="$OUT/scale-$l"
    say "scaling: full build, $l (tmpfs, $FEATURES corpus)"
    rm -rf "$o"; timev "scale-$l" "$WB" build "$c" -o "$o" --no-cache; size "scale-$l" "$o"
    runs=$SCALE_RUNS; (( n > 10000 )) && runs=0
    if (( runs > 0 )); then hf "scale-$l" "$runs" "rm -rf $o" "$WB build $c -o $o --no-cache"; fi
    rm -rf "$o"
  done
  machine scale
}

mode_live() {
  setup_bins
  machine live start
  local n l c s
  rm -f "$RES/live.jsonl"
  for n in $LIVE_SIZES; do
    l=$(label "$n")
    s="$WORK/live-$l"; rm -rf "$s"; mkdir -p "$s"; cp -r "$(featured "$n")" "$s/handbook"
    for st in $LIVE_SETTLES; do
      say "live reload, waybook serve, $l ($TRIALS trials, $st s between saves, $FEATURES corpus)"
      python3 "$HERE/live.py" --waybook "$WB" --site "$s/handbook" --label "$l" --trials "$TRIALS" \
        --settle "$st" --log "$RES/serve-$l-settle$st.log" --out "$RES/live.jsonl" > /dev/null \
        || echo "!! live $l failed" >&2
    done
    for t in zola hugo mdbook; do
      if ! command -v "$t" >/dev/null; then
        echo "  $t: not on PATH, skipped (BASELINES.md at 1k: Hugo 0.50 s, Zola 1.99 s, mdBook 5.96 s)" >&2
        continue
      fi
      ensure_corpus "$n" "$t"; rm -rf "$s/$t"; cp -r "$(corpus "$n")/$t" "$s/$t"
      python3 "$HERE/live.py" --tool "$t" --site "$s/$t" --label "$l" --trials "$TRIALS" \
        --log "$RES/serve-$t-$l.log" --out "$RES/live.jsonl" > /dev/null || echo "!! live $t $l failed" >&2
    done
    rm -rf "$s"
  done
  machine live
}

mode_profile() {
  setup_bins
  need perf "Install it with: apt-get install -y linux-perf"
  local n=$PROFILE_SIZE l c o; l=$(label "$n"); c=$(hb "$n"); o="$OUT/profile-$l"
  ensure_corpus "$n"
  # -g with DWARF unwinding: Rust's std and libc have no frame pointers, so plain -g
  # (frame pointers) loses most callers; line-tables-only debug info is in the release profile
  say "perf record -g --call-graph dwarf, full build $l"
  rm -rf "$o"
  perf record -g --call-graph dwarf,16384 -F 199 -o "$WORK/perf-$l.data" -- "$WB" build "$c" -o "$o" \
    > /dev/null 2> "$RES/perf-record-$l.txt" || true
  perf script -i "$WORK/perf-$l.data" --no-inline -F comm,pid,tid,period,ip,sym,dso 2>/dev/null \
    | python3 "$HERE/perf_groups.py" --top 20 > "$RES/perf-groups-$l.md" || true
  cat "$RES/perf-groups-$l.md" >&2
  rm -rf "$o"
}

mode_report() { python3 "$HERE/report.py" "$RES"; }

main() {
  local m modes=("$@"); [ ${#modes[@]} -eq 0 ] && modes=(all)
  for m in "${modes[@]}"; do
    case $m in
      all) mode_build; mode_wave; mode_scale; mode_live; mode_profile; mode_report ;;
      build|wave|scale|live|profile|report) "mode_$m" ;;
      *) echo "unknown mode $m (build wave scale live profile report all)" >&2; exit 2 ;;
    esac
  done
}
# one line: bash has parsed all of it before running, so editing this file mid-run is safe
main "$@"; exit $?
