package slack

import (
	"context"
	"slices"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// DefaultGroupsTTL is how long the members of a user group are trusted
// before usergroups.users.list is asked again.
const DefaultGroupsTTL = time.Minute

// groupCache keeps the members of the user groups that matter (the admin
// groups of WARROOM_ADMINS), each read with usergroups.users.list (Tier 2:
// about 20 calls a minute, https://api.slack.com/methods/usergroups.users.list)
// and trusted for ttl.
type groupCache struct {
	ids []string // the user groups to look in
	ttl time.Duration
	now func() time.Time

	// reads makes concurrent misses of one group one call.
	reads singleflight.Group

	mu      sync.Mutex
	members map[string]groupMembers
}

type groupMembers struct {
	users   []string
	fetched time.Time
}

// groups returns the user groups (among the admin groups) user is in. Each
// group's members are read again once older than the cache's ttl; a group
// that cannot be read counts as one user is not in (logged), with its last
// members if there are any.
func (a *Adapter) groups(ctx context.Context, user string) []string {
	var in []string
	for _, g := range a.groupCache.ids {
		users, ok := a.groupCache.get(g, false)
		if !ok {
			var err error
			users, err = a.readGroup(ctx, g)
			if err != nil {
				a.log.Warn().Err(err).Str("usergroup", g).Msg("read user group members")
				users, _ = a.groupCache.get(g, true)
			}
		}
		if slices.Contains(users, user) {
			in = append(in, g)
		}
	}
	return in
}

// cachedGroups is groups from what is cached, however old, without a Web
// API call: for view submissions, which must be acknowledged within 3 s.
// The command or button that opened the form read the groups moments
// before.
func (a *Adapter) cachedGroups(user string) []string {
	var in []string
	for _, g := range a.groupCache.ids {
		if users, _ := a.groupCache.get(g, true); slices.Contains(users, user) {
			in = append(in, g)
		}
	}
	return in
}

func (a *Adapter) readGroup(ctx context.Context, g string) ([]string, error) {
	v, err, _ := a.groupCache.reads.Do(g, func() (any, error) {
		var users []string
		err := a.call(ctx, "usergroups.users.list", func() (err error) {
			users, err = a.api.GetUserGroupMembersContext(ctx, g)
			return err
		})
		if err != nil {
			return nil, err
		}
		a.groupCache.put(g, users)
		return users, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]string), nil
}

// get returns the cached members of g: fresh ones only, unless stale.
func (c *groupCache) get(g string, stale bool) ([]string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m, ok := c.members[g]
	if !ok || !stale && c.now().Sub(m.fetched) >= c.ttl {
		return nil, false
	}
	return m.users, true
}

func (c *groupCache) put(g string, users []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.members[g] = groupMembers{users: users, fetched: c.now()}
}
