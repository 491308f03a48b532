#!/usr/bin/env bash
# gen-fixtures.sh — (re)generate gotrace-viewer's trace fixtures and their
# expected outputs under test/fixtures/ (see test/fixtures/README.md).
#
# NEEDS (generation only; the test suite never needs Go):
#   * Go toolchains 1.15 1.19 1.21 1.22 1.23 1.24 1.26 1.27 under
#     $GOTC_ROOT (default /opt/gotc): GOROOT $GOTC_ROOT/usr/lib/go-1.XX.
#     If some are missing and SETUP_GO=1 is set, shared/tools/setup-go.sh
#     (root, network) is called to install them from Debian packages.
#   * gcc (the "cgo" fixture), gzip, python3 (manifest/README tables), patch.
#   * Linux (the programs read /dev/urandom and /proc/self/stat).
#   No network: GOTOOLCHAIN=local GOPROXY=off, standard library only.
#
# USAGE
#   scripts/gen-fixtures.sh [all]   everything below, from scratch
#   scripts/gen-fixtures.sh ref     build the reference oracle only
#   scripts/gen-fixtures.sh traces  rebuild the programs and re-record the
#                                   program traces (test/fixtures/traces),
#                                   then remake the derived ones
#   scripts/gen-fixtures.sh record PROGRAM...  rebuild and re-record only
#                                   these programs' traces (then run
#                                   "derived" if a source of a derived trace
#                                   changed, and "expected")
#   scripts/gen-fixtures.sh extra NAME...  record only these EXTRA_TRACES
#                                   entries (then run "expected")
#   scripts/gen-fixtures.sh derived  remake the synthetic traces derived from
#                                   the committed ones with tools/tracetool
#                                   (traces/*-bigtime.trace, broken/*.trace),
#                                   then everything "expected" does
#   scripts/gen-fixtures.sh gotestdata  re-copy Go's own testdata
#                                   (test/fixtures/go-testdata)
#   scripts/gen-fixtures.sh expected  recompute every expected output
#                                   (.parsed.txt.gz, .err.txt, .analyze.json)
#                                   from the committed traces, verify them,
#                                   rewrite manifest.json and README sizes
#   scripts/gen-fixtures.sh big     large benchmark traces in $BENCH_DIR
#                                   (default /tmp/gotrace-bench), NOT the repo:
#                                   ~${BIG_MB:-100} MB v2 (Go 1.27) and v1 (Go 1.21).
#                                   BIG_MB=500 scripts/gen-fixtures.sh big
#                                   gives ~500 MB ones.
#
# "all" is idempotent: it deletes the generated files first and rewrites
# them. Real traces differ from run to run (timestamps, thread ids...), so
# re-running "all" changes the trace bytes; "expected" is deterministic for
# given traces.
#
# The reference oracle (test/fixtures/reference/main.go) is built INSIDE the
# Go 1.27 GOROOT as package cmd/gotraceref with `go build -overlay`, which
# also swaps in patched copies of three internal/trace files
# (test/fixtures/reference/patches/*.patch: deterministic v1 P order,
# deterministic pre-init goroutine order, deterministic error dump). Nothing
# under $GOTC_ROOT is modified. Exact command (see build_ref below):
#   cd $GOROOT/src/cmd && GOFLAGS= go build -overlay $WORK/ref/overlay.json \
#       -o $WORK/ref/gotraceref ./gotraceref
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FX="$REPO/test/fixtures"
GOTC_ROOT="${GOTC_ROOT:-/opt/gotc}"
WORK="${GOTRACE_FIXTURES_WORK:-/tmp/gotrace-fixtures-work}"
BENCH_DIR="${BENCH_DIR:-/tmp/gotrace-bench}"
VERSIONS="1.15 1.19 1.21 1.22 1.23 1.24 1.26 1.27"
V2_VERSIONS="1.22 1.23 1.24 1.26 1.27"
PROGRAMS="sched contention netio gcchurn annotations cpuprof cgo startstop manyg flightrec iterpull gomaxprocs gotest synctest"
# Programs that only build with some toolchains (default: all of VERSIONS).
declare -A PROG_VERSIONS=(
  [flightrec]="1.26 1.27"            # runtime/trace.FlightRecorder: Go 1.25+
  [iterpull]="1.23 1.24 1.26 1.27"   # iter.Pull: Go 1.23+
  [synctest]="1.24 1.26 1.27"        # testing/synctest: 1.24 (GOEXPERIMENT), 1.25+
)
# Test programs: built with `go test -c` in a scratch module
# ($WORK/mod/go<ver>/<name>, go.mod "go <ver>") and run like `go test
# -trace=FILE` runs them (-test.paniconexit0 -test.timeout=10m0s
# -test.trace=FILE; no -test.paniconexit0 for Go 1.15).
TEST_PROGRAMS="gotest synctest"
# Extra build environment ("program version" -> VAR=value ...).
declare -A BUILD_ENV=([synctest-1.24]="GOEXPERIMENT=synctest")
# Extra run environment for every trace of a program (keep in sync with
# test/fixtures/reference/manifest.py, RUN_ENV).
declare -A RUN_ENV=([flightrec]="GODEBUG=traceadvanceperiod=25000000")
REF_GO=1.27
REF="$WORK/ref/gotraceref"

# Per-program size limit in bytes (a run producing a bigger trace is retried,
# keeping the smallest one).
declare -A LIMIT=([gcchurn]=140000 [manyg]=300000 [cpuprof]=120000)
DEFAULT_LIMIT=80000
# Combinations that are not generated ("program version" pairs), with the
# reason documented in test/fixtures/README.md.
DROPPED="${DROPPED:-}"
# Extra traces: name|program|version|environment (space-separated VAR=value).
# Keep in sync with test/fixtures/reference/manifest.py (EXTRA).
EXTRA_TRACES="
cpuprof-go1.22-multigen|cpuprof|1.22|GODEBUG=traceadvanceperiod=50000000
cpuprof-go1.23-multigen|cpuprof|1.23|GODEBUG=traceadvanceperiod=50000000
cpuprof-go1.24-multigen|cpuprof|1.24|GODEBUG=traceadvanceperiod=50000000
cpuprof-go1.26-multigen|cpuprof|1.26|GODEBUG=traceadvanceperiod=50000000
cpuprof-go1.27-multigen|cpuprof|1.27|GODEBUG=traceadvanceperiod=50000000
gcchurn-go1.22-multigen|gcchurn|1.22|GODEBUG=traceadvanceperiod=5000000
gcchurn-go1.27-multigen|gcchurn|1.27|GODEBUG=traceadvanceperiod=5000000
annotations-go1.27-allocfree|annotations|1.27|GODEBUG=traceallocfree=1
cgo-go1.15-nothread|cgo|1.15|FIXTURE_CGO_NO_THREAD=1
cgo-go1.19-nothread|cgo|1.19|FIXTURE_CGO_NO_THREAD=1
sched-go1.15-manyp|sched|1.15|FIXTURE_PROCS=16
sched-go1.21-manyp|sched|1.21|FIXTURE_PROCS=16
sched-go1.22-manyp|sched|1.22|FIXTURE_PROCS=16
sched-go1.27-manyp|sched|1.27|FIXTURE_PROCS=16
"
# gzip copies (expected outputs = those of the uncompressed file)
GZIP_COPIES="contention-go1.21 contention-go1.27"

prog_versions() { echo "${PROG_VERSIONS[$1]:-$VERSIONS}"; }
is_test_program() { case " $TEST_PROGRAMS " in *" $1 "*) return 0 ;; esac; return 1; }

log() { echo "gen-fixtures: $*" >&2; }
die() { echo "gen-fixtures: ERROR: $*" >&2; exit 1; }

goroot() { echo "$GOTC_ROOT/usr/lib/go-$1"; }
gobin() { echo "$GOTC_ROOT/usr/lib/go-$1/bin/go"; }

check_tools() {
  local missing=()
  for v in $VERSIONS; do
    [ -x "$(gobin "$v")" ] && [ -d "$GOTC_ROOT/usr/share/go-$v/src/runtime" ] || missing+=("$v")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "${SETUP_GO:-0}" = 1 ]; then
      "$REPO/shared/tools/setup-go.sh" "${missing[@]}" || die "setup-go.sh failed"
    else
      die "missing Go toolchains under $GOTC_ROOT: ${missing[*]} (set SETUP_GO=1 to run shared/tools/setup-go.sh)"
    fi
  fi
  for t in gcc gzip python3 patch; do
    command -v "$t" >/dev/null || die "$t is required"
  done
}

goenv() { # goenv VERSION -> env assignments
  echo "GOROOT=$(goroot "$1") GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod GOPATH=$WORK/gopath GO111MODULE= GOENV=off GOTELEMETRY=off"
}

# ---------------------------------------------------------------------------
build_ref() {
  local gr src b
  gr="$(goroot $REF_GO)"
  src="$gr/src"
  b="$WORK/ref"
  rm -rf "$b"
  mkdir -p "$b"
  cp "$src/internal/trace/internal/tracev1/parser.go" "$src/internal/trace/tracev1.go" \
     "$src/internal/trace/order.go" "$b/"
  for f in parser tracev1 order; do
    patch -s "$b/$f.go" < "$FX/reference/patches/$f.go.patch" || die "patch $f.go failed (Go $REF_GO sources changed?)"
  done
  cat > "$b/overlay.json" <<EOF
{"Replace": {
  "$src/cmd/gotraceref/main.go": "$FX/reference/main.go",
  "$src/internal/trace/internal/tracev1/parser.go": "$b/parser.go",
  "$src/internal/trace/tracev1.go": "$b/tracev1.go",
  "$src/internal/trace/order.go": "$b/order.go"
}}
EOF
  log "building reference oracle with Go $REF_GO ($($(gobin $REF_GO) version))"
  (cd "$src/cmd" && env GOROOT="$gr" GOTOOLCHAIN=local GOPROXY=off GOFLAGS= GOENV=off GOTELEMETRY=off \
      "$(gobin $REF_GO)" build -overlay "$b/overlay.json" -o "$REF" ./gotraceref) || die "reference build failed"
}

# ---------------------------------------------------------------------------
build_programs() { # build_programs [PROGRAM...] (default: all)
  local v p out mod
  for p in ${*:-$PROGRAMS}; do
    for v in $(prog_versions "$p"); do
      out="$WORK/bin/go$v/$p"
      mkdir -p "$(dirname "$out")"
      if is_test_program "$p"; then
        mod="$WORK/mod/go$v/$p"
        rm -rf "$mod"
        mkdir -p "$mod"
        cp "$FX/programs/$p"/*.go "$mod/"
        printf 'module fixture/%s\n\ngo %s\n' "$p" "$v" > "$mod/go.mod"
        (cd "$mod" && env $(goenv "$v") CGO_ENABLED=1 ${BUILD_ENV["$p-$v"]:-} \
            "$(gobin "$v")" test -c -o "$out" .) || die "test build of $p with Go $v failed"
      else
        (cd "$FX/programs/$p" && env $(goenv "$v") CGO_ENABLED=1 ${BUILD_ENV["$p-$v"]:-} \
            "$(gobin "$v")" build -o "$out" $(ls *.go)) || die "build of $p with Go $v failed"
      fi
    done
  done
}

size_of() { stat -c %s "$1"; }

# record NAME PROGRAM VERSION ENV: run the program (retrying when the
# trace is larger than the limit), write traces/NAME.trace
record() {
  local name="$1" prog="$2" v="$3" envs="$4"
  local limit="${LIMIT[$prog]:-$DEFAULT_LIMIT}"
  local dst="$FX/traces/$name.trace" tmp="$WORK/run/$name.trace" best="" bestsize=0 try sz
  mkdir -p "$WORK/run"
  for try in 1 2 3 4 5 6; do
    rm -f "$tmp"
    local args=("$tmp")
    if is_test_program "$prog"; then
      # what `go test -trace=FILE` passes (-test.paniconexit0: Go 1.16+)
      args=(-test.timeout=10m0s "-test.trace=$tmp")
      [ "$v" = 1.15 ] || args=(-test.paniconexit0 "${args[@]}")
    fi
    if ! env ${RUN_ENV[$prog]:-} $envs timeout 120 "$WORK/bin/go$v/$prog" "${args[@]}" >/dev/null 2>"$WORK/run/$name.stderr"; then
      log "  $name: run $try failed: $(head -c 300 "$WORK/run/$name.stderr")"
      continue
    fi
    sz=$(size_of "$tmp")
    if [ -z "$best" ] || [ "$sz" -lt "$bestsize" ]; then
      cp "$tmp" "$WORK/run/$name.best"
      best=1
      bestsize=$sz
    fi
    [ "$sz" -le "$limit" ] && break
    log "  $name: $sz bytes > $limit, retrying"
  done
  [ -n "$best" ] || die "$name: program never succeeded"
  cp "$WORK/run/$name.best" "$dst"
  log "  $name.trace: $bestsize bytes"
}

record_traces() {
  rm -rf "$FX/traces"
  mkdir -p "$FX/traces"
  local v p line name prog envs
  for p in $PROGRAMS; do
    for v in $(prog_versions "$p"); do
      if echo "$DROPPED" | grep -qw "$p-go$v"; then
        log "skipping $p-go$v (dropped)"
        continue
      fi
      record "$p-go$v" "$p" "$v" ""
    done
  done
  while IFS='|' read -r name prog v envs; do
    [ -n "$name" ] || continue
    record "$name" "$prog" "$v" "$envs"
  done <<< "$EXTRA_TRACES"
  for name in $GZIP_COPIES; do
    gzip -9 -n -c "$FX/traces/$name.trace" > "$FX/traces/$name.trace.gz"
  done
}

# record_programs PROGRAM...: re-record only these programs' traces (their
# EXTRA_TRACES included), leaving the other committed traces alone.
record_programs() {
  local p v line name prog envs
  for p in "$@"; do
    rm -f "$FX/traces/$p"-go*
    for v in $(prog_versions "$p"); do
      record "$p-go$v" "$p" "$v" ""
    done
    while IFS='|' read -r name prog v envs; do
      [ -n "$name" ] && [ "$prog" = "$p" ] || continue
      record "$name" "$prog" "$v" "$envs"
    done <<< "$EXTRA_TRACES"
  done
}

# record_extra NAME...: record only these EXTRA_TRACES entries (their
# programs rebuilt), leaving every other committed trace alone.
record_extra() {
  local want name prog v envs found
  for want in "$@"; do
    found=""
    while IFS='|' read -r name prog v envs; do
      [ "$name" = "$want" ] || continue
      found=1
      build_programs "$prog"
      record "$name" "$prog" "$v" "$envs"
    done <<< "$EXTRA_TRACES"
    [ -n "$found" ] || die "$want is not in EXTRA_TRACES"
  done
}

# ---------------------------------------------------------------------------
# Synthetic traces derived from the recorded ones with
# test/fixtures/tools/tracetool (see its doc comment and the README):
# traces/*-bigtime.trace (all absolute timestamps shifted far away) and
# broken/*.trace (traces Go rejects).
# BIGTIME: name|source trace (traces/)|target start (ns, or ticks with "t")
BIGTIME="
cpuprof-go1.22-bigtime|cpuprof-go1.22-multigen|17280000000000000
cpuprof-go1.27-bigtime|cpuprof-go1.27-multigen|1152921504456846976
cpuprof-go1.21-bigtime|cpuprof-go1.21|51840000000000000t
"
# BROKEN: name|tracetool command|source trace (traces/)|argument
BROKEN="
swapgen-go1.22|swapgen|cpuprof-go1.22-multigen|
swapgen-go1.27|swapgen|cpuprof-go1.27-multigen|
swapdata-go1.27|swapdata|cpuprof-go1.27-multigen|
dupbatch-go1.22|dupbatch|sched-go1.22|
dupbatch-go1.27|dupbatch|sched-go1.27|
nofreq-go1.22|nofreq|sched-go1.22|
nofreq-go1.27|nofreq|sched-go1.27|
nofreq1-go1.27|nofreq1|cpuprof-go1.27-multigen|
dropgen-go1.22|dropgen|cpuprof-go1.22-multigen|
dropgen-go1.27|dropgen|cpuprof-go1.27-multigen|
hdr110-go1.21|header|sched-go1.21|go 1.10 trace
hdr124-go1.24|header|sched-go1.24|go 1.24 trace
hdr121-go1.27|header|sched-go1.27|go 1.21 trace
hdr122-go1.21|header|sched-go1.21|go 1.22 trace
hdr122-go1.27|header|sched-go1.27|go 1.22 trace
hdr126-go1.22|header|sched-go1.22|go 1.26 trace
"
TRACETOOL="$WORK/bin/tracetool"

build_tracetool() {
  mkdir -p "$WORK/bin"
  (cd "$FX/tools/tracetool" && env $(goenv $REF_GO) "$(gobin $REF_GO)" build -o "$TRACETOOL" main.go) \
    || die "build of tools/tracetool failed"
}

make_derived() {
  build_tracetool
  local name src arg op
  rm -f "$FX"/traces/*-bigtime.*
  while IFS='|' read -r name src arg; do
    [ -n "$name" ] || continue
    "$TRACETOOL" bigtime "$FX/traces/$src.trace" "$FX/traces/$name.trace" "$arg" 2>/dev/null \
      || die "tracetool bigtime $name failed"
  done <<< "$BIGTIME"
  rm -rf "$FX/broken"
  mkdir -p "$FX/broken"
  local idx="$FX/broken/index.json" first=1
  printf '{\n' > "$idx"
  while IFS='|' read -r name op src arg; do
    [ -n "$name" ] || continue
    if [ -n "$arg" ]; then
      "$TRACETOOL" "$op" "$FX/traces/$src.trace" "$FX/broken/$name.trace" "$arg" || die "tracetool $op $name failed"
    else
      "$TRACETOOL" "$op" "$FX/traces/$src.trace" "$FX/broken/$name.trace" || die "tracetool $op $name failed"
    fi
    [ $first = 1 ] || printf ',\n' >> "$idx"
    first=0
    printf ' "%s": {"source": "traces/%s.trace", "op": "%s", "arg": %s}' "$name" "$src" "$op" \
      "$( [ -n "$arg" ] && printf '"%s"' "$arg" || printf null)" >> "$idx"
  done <<< "$BROKEN"
  printf '\n}\n' >> "$idx"
}

# ---------------------------------------------------------------------------
copy_gotestdata() {
  local td="$(goroot $REF_GO)/src/internal/trace" f n
  rm -rf "$FX/go-testdata"
  mkdir -p "$FX/go-testdata/v1" "$FX/go-testdata/tests" "$FX/go-testdata/fuzz"
  cp "$td"/internal/tracev1/testdata/* "$FX/go-testdata/v1/"
  for f in "$td"/testdata/tests/*.test; do
    n="$(basename "$f" .test)"
    cp "$f" "$FX/go-testdata/tests/$n.test"
    "$REF" fromtest "$f" "$FX/go-testdata/tests/$n.trace" "$FX/go-testdata/tests/$n.expect.json" \
      || die "conversion of $n.test failed"
  done
  for f in "$td"/testdata/fuzz/FuzzReader/*; do
    n="$(basename "$f")"
    cp "$f" "$FX/go-testdata/fuzz/$n.seed"
    "$REF" fuzzseed "$f" "$FX/go-testdata/fuzz/$n.bin" || die "decoding fuzz seed $n failed"
  done
}

# ---------------------------------------------------------------------------
# expected outputs

# every input file that gets expected outputs: prints "file<TAB>expected-prefix"
list_inputs() {
  local f
  for f in "$FX"/traces/*.trace; do printf '%s\t%s\n' "$f" "${f%.trace}"; done
  for f in "$FX"/go-testdata/v1/*; do
    case "$f" in *.parsed.txt.gz|*.err.txt|*.analyze.json) continue ;; esac
    printf '%s\t%s\n' "$f" "$f"
  done
  for f in "$FX"/go-testdata/tests/*.trace; do printf '%s\t%s\n' "$f" "${f%.trace}"; done
  for f in "$FX"/go-testdata/fuzz/*.bin; do printf '%s\t%s\n' "$f" "${f%.bin}"; done
  for f in "$FX"/broken/*.trace; do printf '%s\t%s\n' "$f" "${f%.trace}"; done
}

expected_one() { # expected_one FILE PREFIX
  local f="$1" pre="$2" rc tmp="$WORK/exp/$(basename "$2")"
  mkdir -p "$WORK/exp"
  set +e
  "$REF" dump "$f" > "$tmp.parsed" 2> "$tmp.err"
  rc=$?
  set -e
  gzip -9 -n -c "$tmp.parsed" > "$pre.parsed.txt.gz"
  if [ "$rc" -ne 0 ]; then
    [ -s "$tmp.err" ] || die "$f: dump failed without a message"
    cp "$tmp.err" "$pre.err.txt"
  else
    rm -f "$pre.err.txt"
    [ ! -s "$tmp.err" ] || die "$f: unexpected stderr from a successful dump"
  fi
  set +e
  "$REF" analyze "$f" > "$pre.analyze.json" 2> "$tmp.aerr"
  local arc=$?
  set -e
  if [ -s "$tmp.aerr" ]; then log "  $(basename "$f"): analyze stderr: $(cat "$tmp.aerr")"; fi
  case "$arc" in 0|1|2) ;; *) die "$f: analyze crashed (rc $arc)";; esac
  # dump and analyze must agree on success
  if [ "$rc" -eq 0 ] && [ "$arc" -ne 0 ]; then die "$f: dump ok but analyze rc $arc"; fi
  if [ "$rc" -ne 0 ] && [ "$arc" -eq 0 ]; then die "$f: dump failed but analyze rc 0"; fi
  echo "$rc" > "$tmp.rc"
}

verify_one() { # determinism (v1: several runs) and equality with go tool trace -d=parsed
  local f="$1" pre="$2" tmp="$WORK/exp/$(basename "$2")" hdr i
  hdr="$(head -c 16 "$f" | tr -d '\0' || true)"
  case "$hdr" in
    "go 1.11 trace"|"go 1.19 trace"|"go 1.21 trace")
      for i in 1 2 3; do
        "$REF" dump "$f" > "$tmp.again" 2>/dev/null || true
        cmp -s "$tmp.again" "$tmp.parsed" || die "$f: v1 dump not deterministic"
      done ;;
    "go 1.2"[2-9]" trace")
      set +e
      env $(goenv $REF_GO) "$(gobin $REF_GO)" tool trace -d=parsed "$f" > "$tmp.gotool" 2> "$tmp.gotoolerr"
      set -e
      cmp -s "$tmp.gotool" "$tmp.parsed" || die "$f: dump differs from go tool trace -d=parsed"
      if ! grep -q "failed to advance\|frontier is empty" "$tmp.err"; then
        cmp -s "$tmp.gotoolerr" "$tmp.err" || die "$f: error differs from go tool trace -d=parsed"
      fi
      "$REF" dump "$f" > "$tmp.again" 2>/dev/null || true
      cmp -s "$tmp.again" "$tmp.parsed" || die "$f: v2 dump not deterministic" ;;
  esac
  "$REF" analyze "$f" > "$tmp.again" 2>/dev/null || true
  cmp -s "$tmp.again" "$pre.analyze.json" || die "$f: analyze not deterministic"
}

gen_expected() {
  log "computing expected outputs"
  # warm the go tool trace build once
  env $(goenv $REF_GO) "$(gobin $REF_GO)" tool trace -d=parsed /dev/null >/dev/null 2>&1 || true
  local f pre
  while IFS=$'\t' read -r f pre; do
    expected_one "$f" "$pre"
    verify_one "$f" "$pre"
  done < <(list_inputs)
}

# ---------------------------------------------------------------------------
write_manifest() {
  python3 "$FX/reference/manifest.py" "$FX"
}

# ---------------------------------------------------------------------------
big() {
  check_tools
  mkdir -p "$BENCH_DIR"
  local mb="${BIG_MB:-100}" v out scale sz per
  for v in 1.27 1.21; do
    mkdir -p "$WORK/bin/go$v"
    (cd "$FX/programs/manyg" && env $(goenv "$v") "$(gobin "$v")" build -o "$WORK/bin/go$v/manyg" main.go) || die "build failed"
    out="$BENCH_DIR/manyg-go$v-${mb}mb.trace"
    # calibrate: bytes per round
    FIXTURE_SCALE=20 "$WORK/bin/go$v/manyg" "$out"
    per=$(( $(size_of "$out") / 20 ))
    scale=$(( mb * 1000000 / per ))
    log "Go $v: ~$per bytes per round, running $scale rounds"
    FIXTURE_SCALE=$scale "$WORK/bin/go$v/manyg" "$out"
    sz=$(size_of "$out")
    log "wrote $out ($sz bytes)"
  done
}

main() {
  local mode="${1:-all}"
  mkdir -p "$WORK"
  case "$mode" in
    all)
      check_tools
      build_ref
      build_programs
      record_traces
      make_derived
      copy_gotestdata
      gen_expected
      write_manifest ;;
    ref) check_tools; build_ref ;;
    traces) check_tools; build_programs; record_traces; make_derived ;;
    derived) check_tools; make_derived; build_ref; gen_expected; write_manifest ;;
    record)
      shift
      [ $# -gt 0 ] || die "record needs program names"
      check_tools; build_programs "$@"; record_programs "$@" ;;
    extra)
      shift
      [ $# -gt 0 ] || die "extra needs trace names"
      check_tools; record_extra "$@" ;;
    gotestdata) check_tools; build_ref; copy_gotestdata ;;
    expected) check_tools; build_ref; gen_expected; write_manifest ;;
    big) big ;;
    *) die "unknown mode $mode (all|ref|traces|record|extra|derived|gotestdata|expected|big)" ;;
  esac
  log "done ($mode)"
}

main "$@"
