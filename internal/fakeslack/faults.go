package fakeslack

import (
	"context"
	"net/url"
	"sync"
	"time"
)

// Call is one Web API call the fake received.
type Call struct {
	Method string
	// Params are the form fields, or the top-level string fields of a JSON
	// body, without the token.
	Params url.Values
	// Body is the raw body of a JSON call.
	Body   []byte
	At     time.Time
	Status int    // HTTP status answered
	Error  string // the "error" of an ok:false answer
}

// Calls returns the calls received, in order; only those of the given
// methods if any are given.
func (s *Server) Calls(methods ...string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if len(methods) == 0 || contains(methods, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

// CallCount returns how many calls of method were received.
func (s *Server) CallCount(method string) int { return len(s.Calls(method)) }

// Methods returns every distinct method called, in the order first called.
func (s *Server) Methods() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, c := range s.calls {
		if !contains(out, c.Method) {
			out = append(out, c.Method)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// fault is what the fake does wrong for one method.
type fault struct {
	rateLimit  int // answer the next rateLimit calls with 429
	retryAfter int // seconds, in the Retry-After header
	fail       int // answer the next fail calls with ok:false (negative: all)
	failCode   string
	slow       time.Duration
	hold       chan struct{} // calls wait until it is closed (Hold)
	held       int           // calls waiting on hold now
}

func (s *Server) faultLocked(method string) *fault {
	f := s.faults[method]
	if f == nil {
		f = &fault{}
		s.faults[method] = f
	}
	return f
}

// RateLimit answers the next n calls of method with HTTP 429 and a
// Retry-After of retryAfter seconds (slack-go reads whole seconds; 0 makes
// the client retry at once).
func (s *Server) RateLimit(method string, n, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.faultLocked(method)
	f.rateLimit, f.retryAfter = n, retryAfter
}

// RateLimitChannel answers the next n calls of method about one channel
// (its "channel" parameter) with HTTP 429 and a Retry-After of retryAfter
// seconds, while calls about other channels go through: Slack limits some
// methods per channel (chat.postMessage to about one message a second per
// channel, https://docs.slack.dev/apis/web-api/rate-limits), and a reader
// of several channels' history must not let one limited channel hold the
// others.
func (s *Server) RateLimitChannel(method, channelID string, n, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.faultLocked(method + " " + channelID)
	f.rateLimit, f.retryAfter = n, retryAfter
}

// Fail answers the next n calls of method with {"ok":false,"error":code};
// a negative n fails every call until ClearFaults.
func (s *Server) Fail(method, code string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.faultLocked(method)
	f.fail, f.failCode = n, code
}

// Slow delays every call of method by d before answering.
func (s *Server) Slow(method string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faultLocked(method).slow = d
}

// Hold makes every call of method wait, unanswered, until release is
// called (or the client gives up): a Web API as slow as a test needs,
// without a duration to choose. Held reports how many calls wait.
func (s *Server) Hold(method string) (release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	hold := make(chan struct{})
	s.faultLocked(method).hold = hold
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			if f := s.faults[method]; f != nil && f.hold == hold {
				f.hold = nil
			}
			close(hold)
		})
	}
}

// Held returns how many calls of method wait on Hold now.
func (s *Server) Held(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f := s.faults[method]; f != nil {
		return f.held
	}
	return 0
}

// waitHold waits, if method is held, until it is released or ctx is done,
// and reports whether the call goes on.
func (s *Server) waitHold(ctx context.Context, method string) bool {
	s.mu.Lock()
	f := s.faults[method]
	if f == nil || f.hold == nil {
		s.mu.Unlock()
		return true
	}
	hold := f.hold
	f.held++
	s.notifyLocked()
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		f.held--
		s.notifyLocked()
		s.mu.Unlock()
	}()
	select {
	case <-hold:
		return true
	case <-ctx.Done():
		return false
	}
}

// SetLatency delays every Web API call by d (on top of Slow), as a slow
// network or a busy Slack does; 0 removes it. Slack answers a Web API call
// in a few hundred milliseconds at best, so every call an acknowledgement
// waits for eats into its 3 s deadline.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = map[string]*fault{}
}

// takeFault decides what goes wrong with one call of method: the delay,
// whether to answer 429 (and its Retry-After), and an error code.
func (s *Server) takeFault(method string) (slow time.Duration, limited bool, retryAfter int, failCode string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.faults[method]
	if f == nil {
		return s.latency, false, 0, ""
	}
	slow = s.latency + f.slow
	switch {
	case f.rateLimit > 0:
		f.rateLimit--
		return slow, true, f.retryAfter, ""
	case f.fail != 0:
		if f.fail > 0 {
			f.fail--
		}
		return slow, false, 0, f.failCode
	}
	return slow, false, 0, ""
}
