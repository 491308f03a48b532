// Command analysisoracle computes, with Go 1.27's own internal/trace, what
// the fixtures' reference program (test/fixtures/reference) does not: the
// mutator utilization functions for every combination of UtilFlags that
// cmd/trace's MMU page offers (system and per-proc, with and without sweep),
// their MMU, Examples and MUD at several windows, and RelatedGoroutinesV2.
// Built inside the GOROOT like the reference (gen.sh); its output is
// ../oracle.json, read by test/analysis/oracle.test.ts.
//
// Usage: analysisoracle FIXTURES_DIR < list-of-trace-paths
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"internal/trace"
)

type mmuOut struct {
	Panic    string               `json:"panic,omitempty"`
	Series   [][][2]float64       `json:"series"`
	MMU      map[string]float64   `json:"mmu"`
	Examples map[string][][2]any  `json:"examples"`
	MUD      map[string][]float64 `json:"mud"`
}

type out struct {
	Error   string              `json:"error,omitempty"`
	MMU     map[string]*mmuOut  `json:"mmu"`
	Related map[string][]int64  `json:"related"`
}

var flagSets = map[string]trace.UtilFlags{
	"stw|background|assist":               trace.UtilSTW | trace.UtilBackground | trace.UtilAssist,
	"stw|background|assist|sweep":         trace.UtilSTW | trace.UtilBackground | trace.UtilAssist | trace.UtilSweep,
	"perProc|stw|background|assist":       trace.UtilPerProc | trace.UtilSTW | trace.UtilBackground | trace.UtilAssist,
	"perProc|stw|background|assist|sweep": trace.UtilPerProc | trace.UtilSTW | trace.UtilBackground | trace.UtilAssist | trace.UtilSweep,
	"sweep":                               trace.UtilSweep,
	"none":                                0,
}

var windows = []time.Duration{1000, 100 * time.Microsecond, time.Millisecond, 10 * time.Millisecond, time.Second}

func read(path string) ([]trace.Event, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		data, err = io.ReadAll(zr)
		if err != nil {
			return nil, err
		}
	}
	tr, err := trace.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var events []trace.Event
	valid := 0
	for {
		ev, err := tr.ReadEvent()
		if err == io.EOF {
			valid = len(events)
			break
		}
		if err != nil {
			break
		}
		events = append(events, ev)
		if ev.Kind() == trace.EventSync {
			valid = len(events)
		}
	}
	return events[:valid], nil
}

func mmuFor(events []trace.Event, flags trace.UtilFlags, first int64) (o *mmuOut) {
	o = &mmuOut{MMU: map[string]float64{}, Examples: map[string][][2]any{}, MUD: map[string][]float64{}}
	defer func() {
		if r := recover(); r != nil {
			o = &mmuOut{Panic: fmt.Sprint(r)}
		}
	}()
	util := trace.MutatorUtilizationV2(events, flags)
	for _, s := range util {
		var ss [][2]float64
		for _, u := range s {
			ss = append(ss, [2]float64{float64(u.Time - first), u.Util})
		}
		o.Series = append(o.Series, ss)
	}
	if len(util) == 0 {
		return o
	}
	for _, s := range util {
		if len(s) == 0 {
			return o
		}
	}
	curve := trace.NewMMUCurve(util)
	for _, w := range windows {
		k := fmt.Sprint(int64(w))
		o.MMU[k] = curve.MMU(w)
		for _, x := range curve.Examples(w, 5) {
			o.Examples[k] = append(o.Examples[k], [2]any{x.Time - first, x.MutatorUtil})
		}
		o.MUD[k] = curve.MUD(w, []float64{0, 1 - .999, 1 - .99, 1 - .95})
	}
	return o
}

func main() {
	fixtures := os.Args[1]
	res := map[string]*out{}
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		rel := sc.Text()
		events, err := read(filepath.Join(fixtures, rel))
		o := &out{MMU: map[string]*mmuOut{}, Related: map[string][]int64{}}
		res[rel] = o
		if err != nil {
			o.Error = err.Error()
			continue
		}
		if len(events) == 0 {
			continue
		}
		first := int64(events[0].Time())
		for name, f := range flagSets {
			o.MMU[name] = mmuFor(events, f, first)
		}
		// RelatedGoroutinesV2 for the 4 lowest and 4 highest goroutine IDs
		// that appear in goroutine transitions.
		seen := map[trace.GoID]bool{}
		for i := range events {
			ev := &events[i]
			if ev.Kind() == trace.EventStateTransition {
				st := ev.StateTransition()
				if st.Resource.Kind == trace.ResourceGoroutine {
					seen[st.Resource.Goroutine()] = true
				}
			}
		}
		var ids []trace.GoID
		for g := range seen {
			ids = append(ids, g)
		}
		slices.Sort(ids)
		pick := ids
		if len(ids) > 8 {
			pick = append(append([]trace.GoID{}, ids[:4]...), ids[len(ids)-4:]...)
		}
		for _, g := range pick {
			var rs []int64
			for r := range trace.RelatedGoroutinesV2(events, g) {
				rs = append(rs, int64(r))
			}
			slices.Sort(rs)
			o.Related[fmt.Sprint(int64(g))] = rs
		}
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(res); err != nil {
		panic(err)
	}
}
