//go:build go1.23
// +build go1.23

package main

import (
	"context"
	"iter"
	"runtime/trace"
	"sync"
)

// iter.Pull switches goroutines directly (GoSwitch events).
func extra(ctx context.Context, wg *sync.WaitGroup) {
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			seq := func(yield func(int) bool) {
				for k := 0; k < 500; k++ {
					if !yield(k) {
						return
					}
				}
			}
			next, stop := iter.Pull(iter.Seq[int](seq))
			defer stop()
			trace.WithRegion(ctx, "pull", func() {
				for {
					if _, ok := next(); !ok {
						return
					}
				}
			})
		}()
	}
}
