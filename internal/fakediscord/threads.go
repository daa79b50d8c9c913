package fakediscord

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"time"
)

// Threads, as Discord has them
// (https://discord.com/developers/docs/topics/threads, and the
// ThreadResponse and ThreadsResponse schemas of
// ../shared/specs/discord_openapi.json):
//
//   - A thread is a channel of its own, type 11 (public) or 12 (private),
//     whose parent_id is the text channel it was started in, with
//     thread_metadata (archived, archive_timestamp, locked, ...). It is not
//     one of the guild's channels: GET /guilds/{guild}/channels leaves
//     threads out, and they count against no channel limit.
//   - A message in a thread carries the thread's id as channel_id, in
//     MESSAGE_CREATE and in GET /channels/{thread}/messages alike; nothing
//     in it names the parent. GET /channels/{id} answers a thread with its
//     parent_id.
//   - Starting a thread dispatches THREAD_CREATE (the channel, with
//     newly_created) and, for a thread started without a message, a
//     THREAD_CREATED system message (type 18) in the parent. Archiving and
//     renaming dispatch THREAD_UPDATE. A member's message in an archived,
//     unlocked thread unarchives it (THREAD_UPDATE again). When the bot
//     gains access to channels, THREAD_LIST_SYNC lists their active
//     threads (SyncThreads).
//   - Active threads are listed per guild, GET /guilds/{guild}/threads/active
//     (the per-channel list was removed in API v10); archived public threads
//     per channel, GET /channels/{channel}/threads/archived/public, newest
//     archive_timestamp first, before an ISO 8601 timestamp, limit 2-100
//     (default 50), with has_more; it needs READ_MESSAGE_HISTORY.

// MessageThreadCreated is the type of the system message Discord posts in
// a channel when a thread is started in it without a message.
const MessageThreadCreated = 18

func isThread(c *Channel) bool {
	return c.Type == ChannelPublicThread || c.Type == ChannelPrivateThread
}

// StartThread is what a person does with "Create Thread" in a text
// channel: it adds a public thread named name whose parent is parentID,
// dispatches THREAD_CREATE, and posts the THREAD_CREATED system message in
// the parent. It returns the thread.
func (f *Fake) StartThread(parentID, userID, name string) (Channel, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := f.channelLocked(parentID)
	if p == nil || p.Type != ChannelText {
		return Channel{}, fmt.Errorf("fakediscord: unknown text channel %s", parentID)
	}
	u := f.users[userID]
	if u == nil {
		return Channel{}, fmt.Errorf("fakediscord: unknown user %s", userID)
	}
	if n := len([]rune(name)); n < 1 || n > 100 {
		return Channel{}, errors.New("fakediscord: a thread name is 1-100 characters")
	}
	now := timestamp(f.now())
	zero, one := 0, 1
	t := &Channel{
		ID: f.ids.next(f.now()), Type: ChannelPublicThread, GuildID: f.guildID, Name: name,
		ParentID: &p.ID, OwnerID: u.ID, PermissionOverwrites: []Overwrite{},
		ThreadMetadata: &ThreadMetadata{AutoArchiveDuration: 1440, CreateTimestamp: now},
		MessageCount:   &zero, MemberCount: &one,
	}
	f.threads = append(f.threads, t)
	f.dispatchLocked("THREAD_CREATE", struct {
		*Channel
		NewlyCreated bool `json:"newly_created"`
	}{t, true})
	sys := f.newMessageLocked(p.ID, u, name)
	sys.Type = MessageThreadCreated
	f.addMessageLocked(sys, true)
	return *t, nil
}

// ArchiveThread archives a thread, as Discord does after its auto-archive
// duration without activity, and dispatches THREAD_UPDATE.
func (f *Fake) ArchiveThread(threadID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := f.channelLocked(threadID)
	if t == nil || !isThread(t) {
		return fmt.Errorf("fakediscord: unknown thread %s", threadID)
	}
	ts := timestamp(f.now())
	t.ThreadMetadata.Archived, t.ThreadMetadata.ArchiveTimestamp = true, &ts
	f.dispatchLocked("THREAD_UPDATE", t)
	f.notifyLocked()
	return nil
}

// RenameThread renames a thread and dispatches THREAD_UPDATE.
func (f *Fake) RenameThread(threadID, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := f.channelLocked(threadID)
	if t == nil || !isThread(t) {
		return fmt.Errorf("fakediscord: unknown thread %s", threadID)
	}
	t.Name = name
	f.dispatchLocked("THREAD_UPDATE", t)
	f.notifyLocked()
	return nil
}

// SyncThreads dispatches THREAD_LIST_SYNC for the active threads of the
// parent channels named, as Discord does when the bot gains access to
// them.
func (f *Fake) SyncThreads(parentIDs ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ts []*Channel
	for _, t := range f.threads {
		if !t.ThreadMetadata.Archived && slices.Contains(parentIDs, *t.ParentID) {
			ts = append(ts, t)
		}
	}
	f.dispatchLocked("THREAD_LIST_SYNC", map[string]any{
		"guild_id": f.guildID, "channel_ids": parentIDs, "threads": nonNil(ts), "members": []any{},
	})
	f.notifyLocked()
}

// Threads returns copies of every thread, archived or not.
func (f *Fake) Threads() []Channel {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Channel, len(f.threads))
	for i, t := range f.threads {
		out[i] = *t
	}
	return out
}

// unarchiveLocked unarchives c if it is an archived thread, as a message
// sent in it does, dispatching THREAD_UPDATE if dispatch; a locked thread
// takes no messages.
func (f *Fake) unarchiveLocked(c *Channel, dispatch bool) error {
	if !isThread(c) || !c.ThreadMetadata.Archived {
		return nil
	}
	if c.ThreadMetadata.Locked {
		return fmt.Errorf("fakediscord: thread %s is locked", c.ID)
	}
	ts := timestamp(f.now())
	c.ThreadMetadata.Archived, c.ThreadMetadata.ArchiveTimestamp = false, &ts
	if dispatch {
		f.dispatchLocked("THREAD_UPDATE", c)
	}
	return nil
}

func nonNil(ts []*Channel) []*Channel {
	if ts == nil {
		return []*Channel{}
	}
	return ts
}

// getChannel answers GET /channels/{channel}: a guild channel or a thread,
// or 10003 Unknown Channel.
func (f *Fake) getChannel(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.channelLocked(r.PathValue("channel"))
	if c == nil {
		writeError(w, http.StatusNotFound, 10003, "Unknown Channel")
		return
	}
	writeJSON(w, http.StatusOK, c)
}

// getActiveThreads answers GET /guilds/{guild}/threads/active: every
// unarchived thread of the guild.
func (f *Fake) getActiveThreads(w http.ResponseWriter, r *http.Request) {
	if !f.checkGuild(w, r) {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var ts []*Channel
	for _, t := range f.threads {
		if !t.ThreadMetadata.Archived {
			ts = append(ts, t)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"threads": nonNil(ts), "members": []any{}, "has_more": false})
}

// getArchivedThreads answers GET /channels/{channel}/threads/archived/public.
func (f *Fake) getArchivedThreads(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := defaultMessageLimit
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 2 || n > 100 {
			writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body: limit must be between 2 and 100")
			return
		}
		limit = n
	}
	var before time.Time
	if s := q.Get("before"); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body: before is not an ISO 8601 timestamp")
			return
		}
		before = t
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.channelLocked(r.PathValue("channel"))
	if c == nil || c.Type != ChannelText {
		writeError(w, http.StatusNotFound, 10003, "Unknown Channel")
		return
	}
	if !f.botHasLocked(PermReadMessageHistory) {
		writeError(w, http.StatusForbidden, 50013, "Missing Permissions")
		return
	}
	var ts []*Channel
	for _, t := range f.threads {
		if t.Type != ChannelPublicThread || !t.ThreadMetadata.Archived || *t.ParentID != c.ID {
			continue
		}
		if at, _ := time.Parse(time.RFC3339Nano, *t.ThreadMetadata.ArchiveTimestamp); before.IsZero() || at.Before(before) {
			ts = append(ts, t)
		}
	}
	sort.SliceStable(ts, func(i, j int) bool {
		return *ts[i].ThreadMetadata.ArchiveTimestamp > *ts[j].ThreadMetadata.ArchiveTimestamp
	})
	more := len(ts) > limit
	ts = ts[:min(limit, len(ts))]
	writeJSON(w, http.StatusOK, map[string]any{"threads": nonNil(ts), "members": []any{}, "has_more": more})
}
