package bot

import (
	"sync"
	"time"
)

// submittedFor is how long a submitted form's id is remembered: far longer
// than a person retries a form (or a platform redelivers one), short enough
// that the memory stays small.
const submittedFor = 24 * time.Hour

// submitted remembers the ids of the forms carried out, so that a form
// submitted twice (Slack redelivering the envelope, or a person pressing
// Submit again in a modal whose acknowledgement came late) is carried out
// once. It is memory only: a restart forgets it, which matters only for a
// second submission of one form across the restart.
type submitted struct {
	mu  sync.Mutex
	ids map[string]time.Time
}

// claim reports whether id is new, and remembers it as of now. An empty id
// is always new.
func (s *submitted) claim(id string, now time.Time) bool {
	if id == "" {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ids == nil {
		s.ids = map[string]time.Time{}
	}
	if _, ok := s.ids[id]; ok {
		return false
	}
	for k, at := range s.ids {
		if now.Sub(at) > submittedFor {
			delete(s.ids, k)
		}
	}
	s.ids[id] = now
	return true
}
