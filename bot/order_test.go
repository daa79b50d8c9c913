package bot_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

// TestInOrder: calls of one key run one at a time in the order they were
// made, whatever the first one waits for; other keys do not wait; a call
// whose context ends while it waits does not run, and those behind it
// still wait their turn.
func TestInOrder(t *testing.T) {
	var o bot.InOrder
	var (
		mu  sync.Mutex
		ran []string
	)
	note := func(s string) func() error {
		return func() error { mu.Lock(); ran = append(ran, s); mu.Unlock(); return nil }
	}
	hold, started := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- o.Do(context.Background(), "C1", func() error { close(started); <-hold; return note("C1 first")() })
	}()
	<-started
	if err := o.Do(context.Background(), "C2", note("C2")); err != nil {
		t.Fatal(err)
	}
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	if err := o.Do(gone, "C1", note("C1 given up")); !errors.Is(err, context.Canceled) {
		t.Errorf("a call whose context ended while it waited: %v", err)
	}
	var wg sync.WaitGroup
	queued := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		close(queued)
		if err := o.Do(context.Background(), "C1", note("C1 second")); err != nil {
			t.Error(err)
		}
	}()
	<-queued
	close(hold)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if got := fmt.Sprint(ran); got != "[C2 C1 first C1 second]" {
		t.Errorf("ran %s", got)
	}
}
