package bot

import (
	"context"
	"sync"
)

// channels remembers which incident a channel belongs to. It is a cache of
// what the store says, not state of its own: a channel, once an incident's,
// stays that incident's, so an entry never goes stale, and channels that
// are no incident's are not remembered (another replica may declare an
// incident there). It spares the busiest path, one message recorded, a read
// of the whole incident.
type channels struct {
	mu sync.RWMutex
	m  map[string]*channelInfo
}

// channelInfo is what Record needs to know of a channel's incident.
type channelInfo struct {
	id int64

	mu           sync.Mutex
	participants map[string]bool
}

// lookup returns the incident of a channel, from the cache or the store.
// It returns ErrNotFound for channels that are no incident's.
func (c *channels) lookup(ctx context.Context, s Store, channel string) (*channelInfo, error) {
	c.mu.RLock()
	ci, ok := c.m[channel]
	c.mu.RUnlock()
	if ok {
		return ci, nil
	}
	inc, err := s.IncidentByChannel(ctx, channel)
	if err != nil {
		return nil, err
	}
	ci = &channelInfo{id: inc.ID, participants: make(map[string]bool, len(inc.Participants))}
	for _, p := range inc.Participants {
		ci.participants[p] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]*channelInfo{}
	}
	if prev, ok := c.m[channel]; ok {
		return prev, nil
	}
	c.m[channel] = ci
	return ci, nil
}

// newParticipant reports whether user is not yet known as a participant,
// and from then on knows them.
func (ci *channelInfo) newParticipant(user string) bool {
	ci.mu.Lock()
	defer ci.mu.Unlock()
	if user == "" || ci.participants[user] {
		return false
	}
	ci.participants[user] = true
	return true
}
