// Package observetest has a bot.Observer for tests that counts what the
// adapters report.
package observetest

import (
	"maps"
	"sync"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// Counter is a bot.Observer that counts what it is told, safe for
// concurrent use. Counts are keyed "platform/kind" or "platform/method";
// latencies by kind.
type Counter struct {
	bot.NopObserver
	mu sync.Mutex
	s  Snapshot
}

// Snapshot is a copy of what a Counter has counted.
type Snapshot struct {
	Received  map[string]int // deliveries by platform/kind
	Acked     map[string]int // acknowledgements by platform/kind
	Latencies map[string][]time.Duration
	Calls     map[string]int // API calls by platform/method
	Errors    map[string]int // failed API calls by platform/method
}

// New returns a Counter that has counted nothing.
func New() *Counter {
	return &Counter{s: Snapshot{
		Received: map[string]int{}, Acked: map[string]int{}, Latencies: map[string][]time.Duration{},
		Calls: map[string]int{}, Errors: map[string]int{},
	}}
}

// EventReceived implements bot.Observer.
func (c *Counter) EventReceived(platform, kind string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.Received[platform+"/"+kind]++
}

// EventAcked implements bot.Observer.
func (c *Counter) EventAcked(platform, kind string, latency time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.Acked[platform+"/"+kind]++
	c.s.Latencies[kind] = append(c.s.Latencies[kind], latency)
}

// APICall implements bot.Observer.
func (c *Counter) APICall(platform, method string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.Calls[platform+"/"+method]++
	if err != nil {
		c.s.Errors[platform+"/"+method]++
	}
}

// Snapshot returns a copy of the counts so far.
func (c *Counter) Snapshot() Snapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	lat := make(map[string][]time.Duration, len(c.s.Latencies))
	for k, v := range c.s.Latencies {
		lat[k] = append([]time.Duration(nil), v...)
	}
	return Snapshot{
		Received: maps.Clone(c.s.Received), Acked: maps.Clone(c.s.Acked), Latencies: lat,
		Calls: maps.Clone(c.s.Calls), Errors: maps.Clone(c.s.Errors),
	}
}
