//go:build !go1.23
// +build !go1.23

package main

import (
	"context"
	"sync"
)

func extra(ctx context.Context, wg *sync.WaitGroup) {}
