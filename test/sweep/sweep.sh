#!/usr/bin/env bash
# sweep.sh — record fresh traces with every Go toolchain and compare the
# index's per-goroutine totals with Go's own analysis (see README.md).
# Needs the Go toolchains under $GOTC_ROOT (default /opt/gotc, as
# scripts/gen-fixtures.sh) and a built project (npm run build). Not part of
# `npm test`: the traces differ on every run and take minutes to record.
#
# usage: test/sweep/sweep.sh [OUT_DIR]     (default /tmp/gotrace-sweep)
#   SWEEP_VERSIONS="1.19 1.27"  only these toolchains
#   SWEEP_RUNS=N                N recordings of each kind (default 2)
#   SWEEP_STD="net/http sync"   also `go test -short -cpuprofile -trace` these packages
#   SWEEP_DUMP=0                skip comparing the dumps (gotrace dump with the reference's)
# Exit status 1 when any goroutine differs.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${1:-/tmp/gotrace-sweep}"
GOTC_ROOT="${GOTC_ROOT:-/opt/gotc}"
WORK="${GOTRACE_FIXTURES_WORK:-/tmp/gotrace-fixtures-work}"
REF="$WORK/ref/gotraceref"
VERSIONS="${SWEEP_VERSIONS:-1.15 1.19 1.21 1.22 1.23 1.24 1.26 1.27}"
RUNS="${SWEEP_RUNS:-2}"
CMP="$REPO/build/test/sweep/compare-goroutines.js"

[ -f "$CMP" ] || { echo "sweep: build the project first (npm run build)" >&2; exit 2; }
[ -x "$REF" ] || "$REPO/scripts/gen-fixtures.sh" ref
mkdir -p "$OUT"

traces=()
for v in $VERSIONS; do
  go="$GOTC_ROOT/usr/lib/go-$v/bin/go"
  [ -x "$go" ] || { echo "sweep: no Go $v at $go" >&2; exit 2; }
  bin="$OUT/stress-go$v"
  (cd "$REPO/test/sweep/stress" && GOTOOLCHAIN=local GOFLAGS= GOPROXY=off "$go" build -o "$bin" .)
  for r in $(seq "$RUNS"); do
    "$bin" "$OUT/go$v-stress-$r.trace"
    STRESS_LATE=1 "$bin" "$OUT/go$v-late-$r.trace"
    traces+=("$OUT/go$v-stress-$r.trace" "$OUT/go$v-late-$r.trace")
    case $v in 1.1[0-9]|1.2[01]) ;; *)
      # Generations of 5 ms: tables re-sent, goroutines restated at each one.
      GODEBUG=traceadvanceperiod=5000000 "$bin" "$OUT/go$v-gens-$r.trace"
      traces+=("$OUT/go$v-gens-$r.trace") ;;
    esac
  done
  for p in ${SWEEP_STD:-}; do
    t="$OUT/go$v-$(echo "$p" | tr / _).trace"
    # A failing test still writes its trace (net/http fails here: Debian strips the go binary it runs nm on).
    # With a CPU profile: CPU samples in the trace (Go 1.19+), which Go's v1 conversion trips on.
    (cd "$OUT" && GOTOOLCHAIN=local GOFLAGS= "$go" test -short -count=1 -cpuprofile "${t%.trace}.cpu" -trace "$t" "$p" > "$t.log" 2>&1) || echo "sweep: go test $p with Go $v exited non-zero (see $t.log)"
    [ -s "$t" ] && traces+=("$t")
  done
done

bad=0
skipped=0
for t in "${traces[@]}"; do
  b="${t%.trace}"
  if ! "$REF" analyze "$t" > "$b.go.json" 2> "$b.go.err" || [ ! -s "$b.go.json" ]; then
    # Go's summary can run out of memory on big traces (a 216 MB runtime/pprof test trace took 24 GB).
    echo "$(basename "$t"): Go's reference failed, not compared (see $b.go.err)"
    skipped=$((skipped + 1))
    continue
  fi
  node "$REPO/bin/gotrace.js" index "$t" --goroutines > "$b.ours.jsonl" 2> "$b.ours.err" || true
  if res=$(node "$CMP" "$b.go.json" "$b.ours.jsonl"); then
    echo "$(basename "$t"): $(echo "$res" | tail -1)"
  else
    bad=$((bad + 1))
    echo "$(basename "$t"): DIFFERS"
    echo "$res"
  fi
  if [ "${SWEEP_DUMP:-1}" = 1 ]; then
    # The events themselves: the reference's dump (go tool trace -d=parsed, with
    # Go's map-ordered goroutines of a v1 trace's start made deterministic).
    "$REF" dump "$t" > "$b.go.dump" 2>&1 || true
    node "$REPO/bin/gotrace.js" dump "$t" > "$b.ours.dump" 2>&1 || true
    if cmp -s "$b.go.dump" "$b.ours.dump"; then
      echo "  dump: the same $(wc -l < "$b.go.dump") lines"
    else
      bad=$((bad + 1))
      echo "  dump DIFFERS: $(diff "$b.go.dump" "$b.ours.dump" | head -4 | tr '\n' ' ')"
    fi
    rm -f "$b.go.dump" "$b.ours.dump"
  fi
done
echo "sweep: ${#traces[@]} traces, $bad differences (totals or dump), $skipped not compared"
[ "$bad" -eq 0 ]
