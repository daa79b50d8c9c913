package fakediscord

import (
	"math"
	"net/http"
	"strconv"
	"time"
)

// Discord limits edits of a channel's name or topic to 2 per 10 minutes per
// channel, apart from the route's ordinary bucket; the third answers 429
// with a retry_after of minutes. Discord does not document it ("we do not
// typically document rate limits", discord/discord-api-docs#2760), but it
// is well known: discord/discord-api-docs#2190, python-discord/bot#966,
// Rapptz/discord.py#9073 ("Channel name and topic edits have a 2/10
// minutes"). A PATCH with both a name and a topic is one edit. Creating a
// channel with a topic is not an edit.
const (
	renameLimit  = 2
	renameWindow = 10 * time.Minute
)

// renameWaitLocked returns how long until channel id may have its name or
// topic edited, 0 if now, in which case the edit is counted.
func (f *Fake) renameWaitLocked(id string) time.Duration {
	now := f.now()
	var recent []time.Time
	for _, at := range f.renames[id] {
		if now.Sub(at) < renameWindow {
			recent = append(recent, at)
		}
	}
	if len(recent) >= renameLimit {
		f.renames[id] = recent
		return recent[0].Add(renameWindow).Sub(now)
	}
	f.renames[id] = append(recent, now)
	return 0
}

// writeRenameLimited answers a name or topic edit over the limit as
// Discord does: 429, the wait in the body's retry_after (seconds) and in
// Retry-After, scope "shared" (a per-resource limit).
func writeRenameLimited(w http.ResponseWriter, wait time.Duration) {
	secs := math.Ceil(wait.Seconds()*1000) / 1000
	h := w.Header()
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(secs))))
	h.Set("X-RateLimit-Scope", "shared")
	writeJSON(w, http.StatusTooManyRequests, map[string]any{
		"message": "You are being rate limited.", "retry_after": secs, "global": false,
	})
}

// RenameEdits returns how many name or topic edits of channel id the fake
// counts in the current 10-minute window.
func (f *Fake) RenameEdits(id string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	now, n := f.now(), 0
	for _, at := range f.renames[id] {
		if now.Sub(at) < renameWindow {
			n++
		}
	}
	return n
}
