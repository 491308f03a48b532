#!/usr/bin/env bash
# Regenerates ../mmu-go.json: Go 1.27's MMU code (the MMU half of
# internal/trace/gc.go and mud.go, copied verbatim into a scratch module)
# evaluated on the synthetic series of main.go.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
GOROOT="${GOROOT:-/opt/gotc/usr/lib/go-1.27}"
G="$GOROOT/src/internal/trace"
w="$(mktemp -d)"
trap 'rm -rf "$w"' EXIT
start=$(grep -n "^// totalUtil is total utilization" "$G/gc.go" | cut -d: -f1)
end=$(grep -n "^func isGCSTW" "$G/gc.go" | cut -d: -f1)
{
  echo 'package main'
  echo 'import ("container/heap"; "math"; "sort"; "time")'
  echo 'type MutatorUtil struct { Time int64; Util float64 }'
  sed -n "${start},$((end - 1))p" "$G/gc.go"
} > "$w/mmu.go"
sed 's/^package trace/package main/' "$G/mud.go" > "$w/mud.go"
cp "$here/main.go" "$w/main.go"
printf 'module mmuref\ngo 1.27\n' > "$w/go.mod"
(cd "$w" && GOROOT="$GOROOT" GOTOOLCHAIN=local GOPROXY=off "$GOROOT/bin/go" run . > cases.json)
python3 - "$w/cases.json" "$here/../mmu-go.json" <<'PY'
import json, sys
cases = json.load(open(sys.argv[1]))
out = [dict(name=c['name'], bands=c['bands'],
            util=[[[u['Time'], u['Util']] for u in s] for s in c['util']],
            windows=c['windows'], mmu=c['mmu'],
            examples=[[[e['Time'], e['MutatorUtil']] for e in ex] for ex in c['examples']],
            quantiles=c['quantiles'], mud=c['mud']) for c in cases]
open(sys.argv[2], 'w').write(json.dumps(out, separators=(',', ':')))
PY
