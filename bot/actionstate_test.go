package bot_test

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

// actionWorld is what an action command can change: every action's state,
// the posts in each channel and the timeline entries of each incident.
type actionWorld struct {
	states   map[string]bot.ActionState // by global id, "A-1"
	posts    map[string]int             // by channel
	timeline map[int64]int              // by incident
}

func (h *harness) actionWorld(channels ...string) actionWorld {
	h.t.Helper()
	w := actionWorld{states: map[string]bot.ActionState{}, posts: map[string]int{}, timeline: map[int64]int{}}
	incs, err := h.db.Incidents(h.ctx, false)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, inc := range incs {
		for _, a := range inc.Actions {
			w.states[fmt.Sprintf("A-%d", a.ID)] = a.State()
		}
		w.timeline[inc.ID] = len(h.timeline(inc.ID))
	}
	for _, ch := range channels {
		w.posts[ch] = len(h.chat.postsIn(ch))
	}
	return w
}

// TestActionByGlobalID: action done, verify, reopen and drop take an
// action's global id in any channel (a DM, a channel that is no incident's,
// another incident's) and then act as if typed in the action's incident
// channel: the change is posted there and recorded in that incident's
// timeline, and the answer names the incident. A local number still works
// in the incident's channel. A malformed id, an unknown one, one that
// contradicts --id, and a local number outside an incident channel are
// answered and change nothing.
func TestActionByGlobalID(t *testing.T) {
	h := newHarness(t)
	h.declare("db down --sev P1")                                 // INC-1 in C1
	h.cmd("alice", "C1", "action add raise the pool limit @bob")  // A-1, INC-1 #1
	h.cmd("alice", "C1", "action add alert on saturation @carol") // A-2, INC-1 #2
	h.declare("cache stampede")                                   // INC-2 in C2
	h.cmd("alice", "C2", "action add add jitter @bob")            // A-3, INC-2 #1
	h.cmd("alice", "C1", "resolve rolled back")
	h.cmd("alice", "C1", "close") // follow-ups outlive the incident
	channels := []string{"C1", "C2", "ops", "D-bob"}

	steps := []struct {
		user, channel, text string
		code                string          // "" for success
		answer              string          // in the invoker's answer
		action              string          // the action that changes
		state               bot.ActionState // its state after
		incident            int64           // whose channel gets the post and timeline the note
		post, note          string          // in them
	}{
		{user: "bob", channel: "D-bob", text: "action done A-1 --link https://git.example.com/pr/7",
			answer: "Action #1 (A-1) of INC-1 marked done; verify it once deployed: /incident action verify A-1 <link>.",
			action: "A-1", state: bot.ActionDone, incident: 1,
			post: "✔️ Action #1 (A-1) done (<@bob>) (https://git.example.com/pr/7): raise the pool limit\nIt is finished once a production deployment proves it: /incident action verify A-1 <link>.",
			note: "Action #1 (A-1) done (https://git.example.com/pr/7): raise the pool limit"},
		{user: "bob", channel: "D-bob", text: "action verify a-1 https://deploy.example.com/1",
			answer: "Action #1 (A-1) of INC-1 verified.", action: "A-1", state: bot.ActionVerified, incident: 1,
			post: "✅ Action #1 (A-1) verified in production (<@bob>, https://deploy.example.com/1)", note: "Action #1 (A-1) verified (https://deploy.example.com/1)"},
		{user: "dave", channel: "ops", text: "action reopen A-1",
			answer: "Action #1 (A-1) of INC-1 is open again.", action: "A-1", state: bot.ActionOpen, incident: 1,
			post: "↩️ Action #1 (A-1) reopened by <@dave> (was verified)", note: "Action #1 (A-1) reopened (was verified)"},
		// Another incident's channel: the post still goes to INC-1's.
		{user: "dave", channel: "C2", text: "action drop A-1 superseded by the new pooler",
			answer: "Action #1 (A-1) of INC-1 dropped; /incident action reopen A-1 undoes it.", action: "A-1", state: bot.ActionDropped, incident: 1,
			post: "🗑️ Action #1 (A-1) dropped by <@dave>: raise the pool limit\nReason: superseded by the new pooler", note: "Action #1 (A-1) dropped (superseded by the new pooler)"},
		// The local number, in the incident's channel; the answer needs no incident.
		{user: "alice", channel: "C2", text: "action done 1",
			answer: "Action #1 (A-3) marked done; verify it once deployed: /incident action verify A-3 <link>.", action: "A-3", state: bot.ActionDone, incident: 2,
			post: "✔️ Action #1 (A-3) done (<@alice>)", note: "Action #1 (A-3) done: add jitter"},
		// The global id in its own incident's channel, and with an --id that agrees.
		{user: "alice", channel: "C2", text: "action reopen A-3",
			answer: "Action #1 (A-3) is open again.", action: "A-3", state: bot.ActionOpen, incident: 2,
			post: "↩️ Action #1 (A-3) reopened by <@alice> (was done)", note: "Action #1 (A-3) reopened"},
		{user: "bob", channel: "D-bob", text: "action done A-3 --id 2",
			answer: "Action #1 (A-3) of INC-2 marked done", action: "A-3", state: bot.ActionDone, incident: 2,
			post: "✔️ Action #1 (A-3) done (<@bob>)", note: "Action #1 (A-3) done"},

		// Refusals: nothing changes.
		{user: "bob", channel: "D-bob", text: "action done A-3 --id 1", code: bot.EInvalid,
			answer: "A-3 is an action of INC-2, not of INC-1: leave out --id, or give its number in INC-1."},
		{user: "bob", channel: "D-bob", text: "action done A-99", code: bot.ENotFound,
			answer: "There is no action A-99. /incident followups --all lists them all."},
		{user: "bob", channel: "C1", text: "action verify A-99 https://deploy.example.com/1", code: bot.ENotFound, answer: "There is no action A-99."},
		{user: "bob", channel: "D-bob", text: "action drop A-0 not needed", code: bot.EInvalid, answer: `Bad action id "A-0"`},
		{user: "bob", channel: "D-bob", text: "action reopen A-x", code: bot.EInvalid, answer: `Bad action id "A-x"`},
		{user: "bob", channel: "D-bob", text: "action done 1", code: bot.EInvalid, answer: "This is not an incident channel"},
		{user: "bob", channel: "D-bob", text: "action verify A-2 https://deploy.example.com/2", code: bot.EConflict,
			answer: "Action #2 (A-2) of INC-1 is not done yet: /incident action done A-2 [--link URL] first."},
		{user: "bob", channel: "D-bob", text: "action done A-1", code: bot.EConflict,
			answer: "Action #1 (A-1) of INC-1 was dropped (superseded by the new pooler); /incident action reopen A-1 first."},
		{user: "bob", channel: "D-bob", text: "action drop A-3", code: bot.EInvalid, answer: "Missing the reason"},
	}
	for _, s := range steps {
		before := h.actionWorld(channels...)
		r := h.e.Command(h.ctx, bot.Request{User: s.user, ChannelID: s.channel, Text: s.text})
		if r.Code != s.code || !strings.Contains(r.Text, s.answer) {
			t.Errorf("%s in %s: %s %q, want %q containing %q", s.text, s.channel, r.Code, r.Text, s.code, s.answer)
		}
		want := before
		want.states = maps.Clone(before.states)
		want.posts = maps.Clone(before.posts)
		want.timeline = maps.Clone(before.timeline)
		if s.code == "" {
			want.states[s.action] = s.state
			ch := fmt.Sprintf("C%d", s.incident)
			want.posts[ch]++
			want.timeline[s.incident]++
			if posts := h.chat.postsIn(ch); len(posts) == 0 || !strings.Contains(posts[len(posts)-1], s.post) {
				t.Errorf("%s in %s: last post in %s is not %q: %q", s.text, s.channel, ch, s.post, posts)
			}
			if es := h.timeline(s.incident); len(es) == 0 || !strings.Contains(es[len(es)-1].Text, s.note) || es[len(es)-1].Author != s.user {
				t.Errorf("%s in %s: INC-%d's last entry is not %q by %s: %+v", s.text, s.channel, s.incident, s.note, s.user, es[len(es)-1])
			}
		}
		got := h.actionWorld(channels...)
		if !maps.Equal(got.states, want.states) || !maps.Equal(got.posts, want.posts) || !maps.Equal(got.timeline, want.timeline) {
			t.Errorf("%s in %s:\nstates %v, posts %v, timelines %v\nwant   %v, posts %v, timelines %v",
				s.text, s.channel, got.states, got.posts, got.timeline, want.states, want.posts, want.timeline)
		}
	}
}

// TestActionByGlobalIDPolicy: changing an action item is not privileged in
// its incident's channel (anyone there may), and a global id typed
// elsewhere keeps that rule and no other: someone who holds no role, owns
// no action and is no admin changes one from a DM, with no refusal
// recorded, while a privileged command typed from the same DM is still
// refused.
func TestActionByGlobalIDPolicy(t *testing.T) {
	h := newHarness(t)
	h.declare("db down --sev P1")
	h.cmd("alice", "C1", "action add raise the pool limit @bob")
	for _, text := range []string{"action done A-1", "action verify A-1 https://deploy.example.com/1", "action reopen A-1", "action drop A-1 not needed"} {
		if r := h.e.Command(h.ctx, bot.Request{User: "mallory", ChannelID: "D-mallory", Text: text}); r.Code != "" {
			t.Errorf("%s by mallory from a DM: %s %q, want it done as in the channel", text, r.Code, r.Text)
		}
	}
	if got := h.incident(1).Actions[0]; got.State() != bot.ActionDropped || got.DroppedBy != "mallory" {
		t.Errorf("A-1 is %s by %q, want dropped by mallory", got.State(), got.DroppedBy)
	}
	r := h.e.Command(h.ctx, bot.Request{User: "mallory", ChannelID: "D-mallory", Text: "sev P0 --id 1"})
	if r.Code != bot.ERefused {
		t.Errorf("sev P0 --id 1 by mallory: %s %q, want refused", r.Code, r.Text)
	}
	refused := 0
	for _, e := range h.timeline(1) {
		if e.Kind == bot.EntryRefused {
			refused++
		}
	}
	if refused != 1 {
		t.Errorf("%d refusals recorded, want 1 (the severity)", refused)
	}
}
