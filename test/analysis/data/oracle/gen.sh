#!/usr/bin/env bash
# Regenerates ../oracle.json: builds main.go INSIDE the Go 1.27 GOROOT (as
# cmd/analysisoracle, with `go build -overlay`, like the fixtures' reference
# program; nothing under the GOROOT is modified) and runs it on every
# program trace of test/fixtures/manifest.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
GOROOT="${GOROOT:-/opt/gotc/usr/lib/go-1.27}"
w="$(mktemp -d)"
trap 'rm -rf "$w"' EXIT
printf '{"Replace": {"%s/src/cmd/analysisoracle/main.go": "%s/main.go"}}\n' "$GOROOT" "$here" > "$w/overlay.json"
(cd "$GOROOT/src/cmd" && env GOROOT="$GOROOT" GOTOOLCHAIN=local GOPROXY=off GOFLAGS= GOENV=off GOTELEMETRY=off \
  "$GOROOT/bin/go" build -overlay "$w/overlay.json" -o "$w/analysisoracle" ./analysisoracle)
python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
for f in m["fixtures"]:
    if f["kind"] == "program":
        print(f["path"])
' "$repo/test/fixtures/manifest.json" | "$w/analysisoracle" "$repo/test/fixtures" > "$w/oracle.json"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
json.dump(d, open(sys.argv[2], "w"), separators=(",", ":"), sort_keys=True)
' "$w/oracle.json" "$here/../oracle.json"
