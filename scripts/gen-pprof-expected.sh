#!/usr/bin/env bash
# gen-pprof-expected.sh — Go's expected pprof profiles for test/pprof/:
# test/fixtures/expected/pprof/<fixture>.<type>.txt, a normalized text form
# (per-stack values + totals) of what Go 1.27 writes.
#
#   net|sync|syscall|sched: `go tool trace -pprof=TYPE TRACE > out.pb`, then
#       `go tool pprof -raw out.pb`, normalized (see normalize_raw below).
#   cpu: cmd/trace has no CPU profile. Go's ground truth for it is the
#       StackSample events of the committed `go tool trace -d=parsed` dumps
#       (traces/X.parsed.txt.gz, made by gen-fixtures.sh), merged by their
#       PC lists (first 128 frames) as cmd/trace's stackMap merges stacks.
#
# NEEDS: Go 1.27 under $GOTC_ROOT (default /opt/gotc), python3, patch.
# No network: cmd/trace and cmd/pprof are built from the Go 1.27 sources
# (GOTOOLCHAIN=local GOPROXY=off, vendored dependencies). cmd/trace is built
# with the fixtures' three determinism patches (test/fixtures/reference/
# patches: v1 P order, pre-init goroutine order, error dump) through a build
# overlay, as the reference oracle is: Go iterates maps there, and the
# patched order is the one our reader reproduces. Nothing under $GOTC_ROOT
# is modified.
#
# USAGE
#   scripts/gen-pprof-expected.sh            regenerate every expected file
#   scripts/gen-pprof-expected.sh check      also run `pprof -top` on ours
#                                            (needs build-h5 or $GOTRACE_BUILD_DIR)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FX="$REPO/test/fixtures"
OUTDIR="$FX/expected/pprof"
GOTC_ROOT="${GOTC_ROOT:-/opt/gotc}"
GOROOT_127="$GOTC_ROOT/usr/lib/go-1.27"
WORK="${GOTRACE_FIXTURES_WORK:-/tmp/gotrace-fixtures-work}/pprof"
NICE="nice -n 10"

# fixture (path under test/fixtures without .trace) : profile types
FIXTURES="
traces/contention-go1.15:net sync syscall sched
traces/netio-go1.15:net sync syscall sched
traces/contention-go1.19:net sync syscall sched
traces/cpuprof-go1.19:sync syscall sched cpu
traces/contention-go1.21:net sync syscall sched
traces/netio-go1.21:net sync syscall sched
traces/cpuprof-go1.21:sync sched cpu
traces/contention-go1.22:net sync syscall sched
traces/netio-go1.22:net sync syscall sched
traces/cpuprof-go1.22:sync sched cpu
traces/sched-go1.23:sync syscall sched
traces/contention-go1.26:sync sched
traces/contention-go1.27:net sync syscall sched
traces/netio-go1.27:net sync syscall sched
traces/sched-go1.27:sync syscall sched
traces/cpuprof-go1.27:sync syscall sched cpu
traces/cpuprof-go1.27-multigen:sync syscall sched cpu
traces/gotest-go1.27:sync syscall sched
broken/nofreq1-go1.27:sync syscall sched
broken/dropgen-go1.27:sync syscall sched
broken/swapdata-go1.27:sync sched
broken/dupbatch-go1.22:sync sched
broken/hdr110-go1.21:sync
broken/hdr121-go1.27:sync
"

log() { echo "gen-pprof-expected: $*" >&2; }
die() { echo "gen-pprof-expected: ERROR: $*" >&2; exit 1; }

goenv=(env GOROOT="$GOROOT_127" GOTOOLCHAIN=local GOPROXY=off GOFLAGS= GOENV=off GOTELEMETRY=off)

build_tools() {
  local src="$GOROOT_127/src" f
  [ -x "$GOROOT_127/bin/go" ] || die "Go 1.27 not found at $GOROOT_127"
  mkdir -p "$WORK"
  cp "$src/internal/trace/internal/tracev1/parser.go" "$src/internal/trace/tracev1.go" \
     "$src/internal/trace/order.go" "$WORK/"
  for f in parser tracev1 order; do
    patch -s "$WORK/$f.go" < "$FX/reference/patches/$f.go.patch" || die "patch $f.go failed"
  done
  cat > "$WORK/overlay.json" <<EOF
{"Replace": {
  "$src/internal/trace/internal/tracev1/parser.go": "$WORK/parser.go",
  "$src/internal/trace/tracev1.go": "$WORK/tracev1.go",
  "$src/internal/trace/order.go": "$WORK/order.go"
}}
EOF
  log "building cmd/trace (patched for determinism) and cmd/pprof with $("$GOROOT_127/bin/go" version)"
  (cd "$src/cmd" && $NICE "${goenv[@]}" "$GOROOT_127/bin/go" build -overlay "$WORK/overlay.json" -o "$WORK/trace" ./trace) || die "cmd/trace build failed"
  (cd "$src/cmd" && $NICE "${goenv[@]}" "$GOROOT_127/bin/go" build -o "$WORK/pprof" ./pprof) || die "cmd/pprof build failed"
}

# The normalized text both expectations are written in: emit(header,
# sample types, period line, rows) prints totals, samples and numbered frames.
EMIT_PY='
def emit(header, sample_types, period_line, rows):
    # rows: (values, [frame "func file:line", leaf first]); frames numbered
    # in sorted order, rows sorted by their expanded text.
    names = sorted({f for _, fr in rows for f in fr})
    num = {f: i + 1 for i, f in enumerate(names)}
    totals = [0] * len(sample_types)
    for vals, _ in rows:
        for i, v in enumerate(vals): totals[i] += v
    rows = sorted(rows, key=lambda r: " ".join(str(v) for v in r[0]) + "".join("\t" + f for f in r[1]))
    out = [header, "sample_type " + " ".join(sample_types), "period_type " + period_line,
           "total " + " ".join(str(t) for t in totals), "samples %d" % len(rows)]
    out += [" ".join(str(v) for v in vals) + "\t" + " ".join(str(num[f]) for f in fr) for vals, fr in rows]
    out.append("frames %d" % len(names))
    out += ["%d %s" % (num[f], f) for f in names]
    print("\n".join(out))
'

# normalize_raw HEADER < `pprof -raw` output > normalized text
normalize_raw() {
  python3 -c "import re, sys
$EMIT_PY"'
header = sys.argv[1]
lines = sys.stdin.read().split("\n")
period_type = period = None
sample_types = None
samples = []
locs = {}
section = None
for l in lines:
    if l.startswith("PeriodType: "): period_type = "/".join(l[len("PeriodType: "):].split(" ")); continue
    if l.startswith("Period: "): period = l[len("Period: "):]; continue
    if l == "Samples:": section = "samples"; continue
    if l == "Locations": section = "locations"; continue
    if l.startswith("Mappings"): section = "mappings"; continue
    if section == "samples":
        if sample_types is None: sample_types = l.split(); continue
        m = re.match(r"^\s+((?:-?\d+\s+)+?)\s*(-?\d+):((?: \d+)*) ?$", l)
        if m:
            vals = m.group(1).split() + [m.group(2)]
            samples.append(([int(v) for v in vals], [int(x) for x in m.group(3).split()]))
        elif l.strip(): sys.exit("unexpected sample line: %r" % l)
    elif section == "locations":
        m = re.match(r"^\s+(\d+): 0x([0-9a-f]+) (?:M=\d+ )?(.*?) (.*):(-?\d+):(-?\d+) s=-?\d+$", l)
        if m: locs[int(m.group(1))] = "%s %s:%s" % (m.group(3), m.group(4), m.group(5))
        elif l.strip(): sys.exit("unexpected location line (inlined frames?): %r" % l)
emit(header, sample_types or [], "%s %s" % (period_type, period), [(vals, [locs[i] for i in ids]) for vals, ids in samples])
' "$1"
}

# cpu_from_dump HEADER < parsed dump > normalized text
cpu_from_dump() {
  python3 -c "import re, sys
$EMIT_PY"'
header = sys.argv[1]
lines = sys.stdin.read().split("\n")
recs = {}   # PC tuple (first 128) -> [count, frames]
i = 0
n = len(lines)
while i < n:
    l = lines[i]
    i += 1
    if not re.match(r"^M=\S+ P=\S+ G=\S+ StackSample ", l): continue
    frames = []
    if i < n and lines[i] == "Stack=":
        i += 1
        while i + 1 < n and lines[i].startswith("\t") and not lines[i].startswith("\t\t"):
            m = re.match(r"^\t(.*) @ 0x([0-9a-f]+)$", lines[i])
            fl = lines[i + 1][2:]
            frames.append((int(m.group(2), 16), m.group(1), fl))
            i += 2
    key = tuple(f[0] for f in frames[:128])
    while key and key[-1] == 0: key = key[:-1]
    r = recs.setdefault(key, [0, None])
    r[0] += 1
    r[1] = frames[:128]
# Locations are keyed by PC, functions by file+name (BuildProfile).
loc = {}
for key, (count, frames) in recs.items():
    for pc, fn, fl in frames: loc.setdefault(pc, "%s %s" % (fn, fl))
emit(header, ["samples/count"], "cpu/nanoseconds 0", [([count], [loc[pc] for pc, _, _ in frames]) for count, frames in recs.values()])
' "$1"
}

generate() {
  local entry fx types ty trace out pb
  rm -rf "$OUTDIR"
  mkdir -p "$OUTDIR"
  while IFS= read -r entry; do
    [ -n "$entry" ] || continue
    fx="${entry%%:*}"
    types="${entry#*:}"
    trace="$FX/$fx.trace"
    [ -f "$trace" ] || die "missing fixture $trace"
    for ty in $types; do
      out="$OUTDIR/$(basename "$fx").$ty.txt"
      if [ "$ty" = cpu ]; then
        zcat "$FX/$fx.parsed.txt.gz" | cpu_from_dump "# cpu: StackSample events of go tool trace -d=parsed $fx.trace (Go 1.27.3), merged by PCs" > "$out"
        continue
      fi
      pb="$WORK/$(basename "$fx").$ty.pb"
      log "$fx $ty"
      if (cd "$FX" && $NICE "$WORK/trace" -pprof="$ty" "$fx.trace") > "$pb" 2> "$pb.err"; then
        $NICE "$WORK/pprof" -raw "$pb" 2>/dev/null \
          | normalize_raw "# go tool trace -pprof=$ty $fx.trace | go tool pprof -raw (Go 1.27.3)" > "$out"
      else
        # Go failed (an error, or a panic of cmd/trace): record its first line.
        { echo "# go tool trace -pprof=$ty $fx.trace (Go 1.27.3) failed"
          echo "error $(grep -m1 . "$pb.err")"; } > "$out"
      fi
    done
  done <<< "$FIXTURES"
  log "wrote $(ls "$OUTDIR" | wc -l) files ($(du -sh "$OUTDIR" | cut -f1)) under $OUTDIR"
}

# check: `pprof -top` of Go's profile and of ours (gotrace pprof) agree.
check() {
  local build="${GOTRACE_BUILD_DIR:-build-h5}" fx ty ok=0 bad=0
  for fx in traces/contention-go1.27 traces/netio-go1.21 traces/contention-go1.15; do
    for ty in net sync syscall sched; do
      (cd "$FX" && "$WORK/trace" -pprof="$ty" "$fx.trace") > "$WORK/go.pb" 2>/dev/null || continue
      node "$REPO/$build/main/cli/gotrace.js" pprof "$ty" "$FX/$fx.trace" -o "$WORK/ours.pb.gz"
      "$WORK/pprof" -top -nodecount=1000 "$WORK/go.pb" 2>/dev/null | grep -v '^File:\|^Type:\|^Showing' > "$WORK/go.top"
      "$WORK/pprof" -top -nodecount=1000 "$WORK/ours.pb.gz" 2>/dev/null | grep -v '^File:\|^Type:\|^Showing' > "$WORK/ours.top"
      if cmp -s "$WORK/go.top" "$WORK/ours.top"; then ok=$((ok + 1)); else bad=$((bad + 1)); log "DIFFERENT: $fx $ty"; diff "$WORK/go.top" "$WORK/ours.top" | head -20 >&2; fi
    done
  done
  log "pprof -top: $ok equal, $bad different"
  [ "$bad" = 0 ]
}

build_tools
generate
if [ "${1:-}" = check ]; then check; fi
