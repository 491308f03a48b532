// stress: a workload touching most kinds of trace events at once, for
// comparing gotrace's per-goroutine totals with Go's on traces no fixture
// resembles (test/sweep/README.md): a CPU profile, a task with regions and
// logs, mutex and cond contention, channels, select with timers, loopback
// TCP, file and process syscalls, a locked thread, forced GCs, GOMAXPROCS
// changes, 2000 short goroutines, goroutines blocked forever, and iter.Pull
// (Go 1.23+, extra_iter.go).
//
// usage: stress TRACE_FILE
// With STRESS_LATE=1 tracing starts 30 ms into the workload and stops 150 ms
// later, while it still runs (goroutines first seen mid-flight, syscalls and
// blocks open at both ends).
package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"io/ioutil"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
	"sync"
	"time"
)

var sink [][]byte

func alloc(n int) {
	for i := 0; i < n; i++ {
		sink = append(sink, make([]byte, 1024+i%4096))
		if len(sink) > 2000 {
			sink = sink[:0]
		}
	}
}

func spin(d time.Duration) {
	end := time.Now().Add(d)
	x := 0
	for time.Now().Before(end) {
		for i := 0; i < 1000; i++ {
			x += i * i
		}
	}
	_ = x
}

func main() {
	f, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	late := os.Getenv("STRESS_LATE") == "1"
	pprof.StartCPUProfile(ioutil.Discard)
	if !late {
		if err := trace.Start(f); err != nil {
			panic(err)
		}
	}
	ctx, task := trace.NewTask(context.Background(), "stress")
	var wg sync.WaitGroup

	// Forever-blocked goroutines.
	for i := 0; i < 3; i++ {
		go func() { select {} }()
	}
	// Mutex and cond contention (a broadcaster moves gen until the workers are done).
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	gen := 0
	var workers sync.WaitGroup
	workersDone := make(chan struct{})
	go func() {
		for {
			select {
			case <-workersDone:
				return
			case <-time.After(200 * time.Microsecond):
				mu.Lock()
				gen++
				cond.Broadcast()
				mu.Unlock()
			}
		}
	}()
	for i := 0; i < 8; i++ {
		wg.Add(1)
		workers.Add(1)
		go func(i int) {
			defer wg.Done()
			defer workers.Done()
			for j := 0; j < 200; j++ {
				trace.WithRegion(ctx, "locked", func() {
					mu.Lock()
					spin(20 * time.Microsecond)
					mu.Unlock()
				})
				if j%50 == 0 {
					mu.Lock()
					g := gen
					for g == gen {
						cond.Wait()
					}
					mu.Unlock()
				}
			}
		}(i)
	}
	go func() { workers.Wait(); close(workersDone) }()
	// Channels, select, timers.
	ch := make(chan int)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			t := time.NewTicker(time.Millisecond)
			defer t.Stop()
			for j := 0; j < 100; j++ {
				select {
				case ch <- j:
				case <-t.C:
				case <-time.After(2 * time.Millisecond):
				}
			}
		}(i)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		deadline := time.After(400 * time.Millisecond)
		for {
			select {
			case v := <-ch:
				trace.Logf(ctx, "recv", "value %d", v)
			case <-deadline:
				return
			}
		}
	}()
	// Network: loopback TCP.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					c.Write([]byte(line))
				}
			}(c)
		}
	}()
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				panic(err)
			}
			defer c.Close()
			r := bufio.NewReader(c)
			for j := 0; j < 200; j++ {
				fmt.Fprintf(c, "hello %d %d\n", i, j)
				if _, err := r.ReadString('\n'); err != nil {
					panic(err)
				}
				if j%40 == 0 {
					time.Sleep(time.Millisecond)
				}
			}
		}(i)
	}
	// Syscalls: files and processes.
	dir, _ := ioutil.TempDir("", "stress")
	defer os.RemoveAll(dir)
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			trace.WithRegion(ctx, "files", func() {
				for j := 0; j < 30; j++ {
					p := filepath.Join(dir, fmt.Sprintf("f%d-%d", i, j))
					ioutil.WriteFile(p, make([]byte, 64<<10), 0o644)
					fh, _ := os.Open(p)
					io.Copy(ioutil.Discard, fh)
					fh.Sync()
					fh.Close()
				}
			})
		}(i)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for j := 0; j < 5; j++ {
			exec.Command("/bin/true").Run()
		}
	}()
	// Locked threads, GC, GOMAXPROCS changes, many short goroutines.
	wg.Add(1)
	go func() {
		defer wg.Done()
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		for j := 0; j < 20; j++ {
			spin(100 * time.Microsecond)
			time.Sleep(500 * time.Microsecond)
		}
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for j := 0; j < 6; j++ {
			alloc(3000)
			runtime.GC()
			if j == 2 {
				debug.FreeOSMemory()
			}
		}
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		old := runtime.GOMAXPROCS(0)
		time.Sleep(50 * time.Millisecond)
		runtime.GOMAXPROCS(1)
		time.Sleep(50 * time.Millisecond)
		runtime.GOMAXPROCS(old + 2)
		time.Sleep(50 * time.Millisecond)
		runtime.GOMAXPROCS(old)
	}()
	for j := 0; j < 2000; j++ {
		wg.Add(1)
		go func(j int) {
			defer wg.Done()
			alloc(3)
			if j%7 == 0 {
				runtime.Gosched()
			}
		}(j)
	}
	extra(ctx, &wg)
	if late {
		time.Sleep(30 * time.Millisecond)
		if err := trace.Start(f); err != nil {
			panic(err)
		}
		time.Sleep(150 * time.Millisecond)
		trace.Stop()
	}
	wg.Wait()
	ln.Close()
	task.End()
	if !late {
		trace.Stop()
	}
	pprof.StopCPUProfile()
	f.Close()
}
