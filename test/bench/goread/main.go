// goread: Go's own internal/trace reading a trace, for the benchmark's
// side-by-side ratios. It must be built inside a GOROOT (internal/ import),
// which reader-bench does with `go build -overlay`.
//
// usage: goread read|analyze TRACE   → one JSON line {ms, events, maxRSSKiB}
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"

	"internal/trace"
)

func main() {
	mode, path := os.Args[1], os.Args[2]
	start := time.Now()
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	r, err := trace.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var s *trace.Summarizer
	if mode == "analyze" {
		s = trace.NewSummarizer()
	}
	n := 0
	for {
		ev, err := r.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			break
		}
		n++
		if s != nil {
			s.Event(&ev)
		}
	}
	if s != nil {
		s.Finalize()
	}
	ms := float64(time.Since(start).Microseconds()) / 1000
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	out, _ := json.Marshal(map[string]any{"ms": ms, "events": n, "maxRSSKiB": ru.Maxrss})
	fmt.Println(string(out))
}
