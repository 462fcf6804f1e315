package ui

import (
	"sync"

	"fyne.io/fyne/v2"
)

// background runs database work off the UI goroutine, so that a slow query never freezes
// the window, and hands each result back through fyne.Do, the only safe way to touch
// widgets from another goroutine.
type background struct {
	wg sync.WaitGroup

	// hold is for tests. Fyne's test driver runs fyne.Do at once on the calling goroutine,
	// which would apply results on the worker goroutine while the test goroutine is still
	// busy with the widgets. With hold set, results wait for drain instead, which applies
	// them on the test goroutine, as the real driver applies them on the UI goroutine.
	hold bool
	mu   sync.Mutex
	held []func()
}

// run calls work on a new goroutine and then, on the UI goroutine, the function it returns.
func (b *background) run(work func() (apply func())) {
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		apply := recoverWork(work) // a panic in work is shown, not the end of the program
		if apply == nil {
			return
		}
		b.mu.Lock()
		if b.hold {
			b.held = append(b.held, apply)
			b.mu.Unlock()
			return
		}
		b.mu.Unlock()
		fyne.Do(apply)
	}()
}

// drain waits for the work in flight and applies its results on the calling goroutine,
// again and again until applying them starts no more work. Tests call it instead of
// sleeping.
func (b *background) drain() {
	for {
		b.wg.Wait()
		b.mu.Lock()
		held := b.held
		b.held = nil
		b.mu.Unlock()
		if len(held) == 0 {
			return
		}
		for _, apply := range held {
			apply()
		}
	}
}
