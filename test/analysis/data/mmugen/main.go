// The synthetic utilization series of ../mmu-go.json; run by gen.sh next to
// a verbatim copy of gc.go's MMU half and mud.go.

package main

import (
	"encoding/json"
	"math/rand"
	"os"
	"time"
)

type Case struct {
	Name      string          `json:"name"`
	Bands     int             `json:"bands"`
	Util      [][]MutatorUtil `json:"util"`
	Windows   []int64         `json:"windows"`
	MMU       []float64       `json:"mmu"`
	Examples  [][]UtilWindow  `json:"examples"`
	Quantiles []float64       `json:"quantiles"`
	MUD       [][]float64     `json:"mud"`
}

func series(rnd *rand.Rand, n int, start int64, levels []float64, maxGap int64) []MutatorUtil {
	var out []MutatorUtil
	t := start
	prev := -1.0
	for i := 0; i < n; i++ {
		u := levels[rnd.Intn(len(levels))]
		if u == prev {
			continue
		}
		out = append(out, MutatorUtil{t, u})
		prev = u
		t += 1 + rnd.Int63n(maxGap)
	}
	if prev == 0 {
		out = out[:len(out)-1]
	}
	out = append(out, MutatorUtil{t, 0})
	return out
}

func main() {
	rnd := rand.New(rand.NewSource(1))
	var cases []Case
	q := []float64{0, 1 - .999, 1 - .99, 1 - .95}
	add := func(name string, bands int, util [][]MutatorUtil) {
		bandsPerSeries = bands
		c := Case{Name: name, Bands: bands, Util: util, Quantiles: q}
		curve := NewMMUCurve(util)
		for w := int64(1); w <= 20e9; w *= 3 {
			c.Windows = append(c.Windows, w)
		}
		c.Windows = append(c.Windows, 0, 1e6, 1e7, 1e8, 1e9, 12345, 999999)
		for _, w := range c.Windows {
			c.MMU = append(c.MMU, curve.MMU(time.Duration(w)))
			ex := curve.Examples(time.Duration(w), 5)
			if ex == nil {
				ex = []UtilWindow{}
			}
			c.Examples = append(c.Examples, ex)
			c.MUD = append(c.MUD, curve.MUD(time.Duration(w), q))
		}
		cases = append(cases, c)
	}
	// Go's TestMMU series.
	add("gotest", 1000, [][]MutatorUtil{{{0e9, 1}, {1e9, 0}, {2e9, 1}, {3e9, 0}, {4e9, 1}, {5e9, 0}}})
	levels4 := []float64{0, 0.25, 0.5, 0.75, 1}
	levels3 := []float64{0, 1.0 / 3, 2.0 / 3, 1}
	add("system4-small", 1000, [][]MutatorUtil{series(rnd, 50, 1000, levels4, 100000)})
	add("system4-large", 1000, [][]MutatorUtil{series(rnd, 6000, 793454499328, levels4, 200000)})
	add("system3-large", 1000, [][]MutatorUtil{series(rnd, 6000, 5, levels3, 50000)})
	add("system4-bands1", 1, [][]MutatorUtil{series(rnd, 2000, 0, levels4, 300000)})
	var per [][]MutatorUtil
	for i := 0; i < 4; i++ {
		per = append(per, series(rnd, 1500, int64(1000+i*77), []float64{0, 1}, 400000))
	}
	add("perproc4", 1000, per)
	add("mostly-busy", 1000, [][]MutatorUtil{series(rnd, 3000, 0, []float64{0.9, 1, 0.95, 0.85}, 1000000)})
	json.NewEncoder(os.Stdout).Encode(cases)
}
