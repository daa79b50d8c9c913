package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// TestActionStates walks an action through open → done → verified and the
// refusals on the way; each refusal changes nothing.
func TestActionStates(t *testing.T) {
	h := newHarness(t)
	h.declare("db down --sev P1")
	if r := h.cmd("alice", "C1", "action add raise the pool limit @bob --due tomorrow"); !strings.Contains(r.Text, "#1 (A-1)") {
		t.Errorf("add answered %q, want the local and global number", r.Text)
	}
	steps := []struct {
		text      string
		wantCode  string
		wantText  string
		wantState bot.ActionState
	}{
		{"action verify 1 https://deploy.example.com/1", bot.EConflict, "not done yet", bot.ActionOpen},
		{"action reopen 1", bot.EConflict, "already open", bot.ActionOpen},
		{"action done 2", bot.ENotFound, "no action #2", bot.ActionOpen},
		{"action done 1 --link https://git.example.com/pr/7", "", "marked done", bot.ActionDone},
		{"action done 1", bot.EConflict, "already done", bot.ActionDone},
		{"action verify 1 https://deploy.example.com/1", "", "verified", bot.ActionVerified},
		{"action drop 1 not needed", bot.EConflict, "is verified", bot.ActionVerified},
		{"action reopen 1", "", "open again", bot.ActionOpen},
		{"action drop 1 superseded by the new pooler", "", "dropped", bot.ActionDropped},
		{"action done 1", bot.EConflict, "was dropped", bot.ActionDropped},
		{"action drop 1 again", bot.EConflict, "already dropped", bot.ActionDropped},
	}
	for _, s := range steps {
		r := h.e.Command(h.ctx, bot.Request{User: "bob", ChannelID: "C1", Text: s.text})
		if r.Code != s.wantCode || !strings.Contains(r.Text, s.wantText) {
			t.Errorf("%s: %s %q, want %q containing %q", s.text, r.Code, r.Text, s.wantCode, s.wantText)
		}
		if got := h.incident(1).Actions[0].State(); got != s.wantState {
			t.Errorf("after %s: state %s, want %s", s.text, got, s.wantState)
		}
	}
	act := h.incident(1).Actions[0]
	if act.DropReason != "superseded by the new pooler" || act.DroppedBy != "bob" || act.DoneLink != "" || !act.VerifiedAt.IsZero() {
		t.Errorf("dropped action = %+v, want the reason kept and the reopened done/verify cleared", act)
	}
}

// TestActionTicket stores an action's --link, shows it in followups, and
// refuses a link that is not one without adding anything.
func TestActionTicket(t *testing.T) {
	h := newHarness(t)
	h.declare("db down --sev P1")
	if r := h.e.Command(h.ctx, bot.Request{User: "alice", ChannelID: "C1", Text: "action add raise the pool limit --link ftp://tickets/OPS-7"}); r.Code != bot.EInvalid || !strings.Contains(r.Text, "is not a link") {
		t.Errorf("bad link answered %s %q, want a usage error", r.Code, r.Text)
	}
	if n := len(h.incident(1).Actions); n != 0 {
		t.Fatalf("a refused action add left %d actions", n)
	}
	h.cmd("alice", "C1", "action add raise the pool limit @bob --link https://tickets.example.com/OPS-7")
	acts := h.incident(1).Actions
	if len(acts) != 1 || acts[0].Link != "https://tickets.example.com/OPS-7" || acts[0].DoneLink != "" {
		t.Fatalf("actions = %+v, want one with the ticket link", acts)
	}
	if r := h.cmd("alice", "random", "followups"); !strings.Contains(r.Text, "ticket https://tickets.example.com/OPS-7") {
		t.Errorf("followups lacks the ticket:\n%s", r.Text)
	}
}

// TestActionPastDue: a --due in the past is refused for an incident that
// began today, and allowed for one whose impact started before that date.
func TestActionPastDue(t *testing.T) {
	h := newHarness(t)
	inc := h.declare("db down --sev P1")
	r := h.e.Command(h.ctx, bot.Request{User: "alice", ChannelID: inc.ChannelID, Text: "action add old fix --due 2026-03-01"})
	if r.Code != bot.EInvalid || !strings.Contains(r.Text, `--due "2026-03-01" is in the past.`) {
		t.Errorf("past due on a new incident: %s %q, want refused", r.Code, r.Text)
	}
	if n := len(h.incident(inc.ID).Actions); n != 0 {
		t.Fatalf("a refused action add left %d actions", n)
	}
	h.cmd("alice", inc.ChannelID, "started 2026-02-20 09:00")
	h.cmd("alice", inc.ChannelID, "action add old fix --due 2026-03-01")
	if acts := h.incident(inc.ID).Actions; len(acts) != 1 || !acts[0].Due.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("actions = %+v, want one due 2026-03-01", acts)
	}
	r = h.e.Command(h.ctx, bot.Request{User: "alice", ChannelID: inc.ChannelID, Text: "action add older fix --due 2026-02-19"})
	if r.Code != bot.EInvalid || !strings.Contains(r.Text, "is in the past") {
		t.Errorf("due before the impact began: %s %q, want refused", r.Code, r.Text)
	}
}

// TestFollowUps lists actions across incidents, from a channel that is no
// incident's, in the order overdue, open, done.
func TestFollowUps(t *testing.T) {
	h := newHarness(t)
	h.declare("db down --sev P1")
	h.cmd("alice", "C1", "action add raise the pool limit @bob --due +3d")
	h.cmd("alice", "C1", "action add alert on saturation @carol --due +1d")
	h.cmd("alice", "C1", "action add write the runbook @bob")
	h.declare("cache stampede")
	h.cmd("alice", "C2", "action add add jitter @bob --due +2d")
	h.cmd("alice", "C2", "action done 1")
	h.cmd("alice", "C2", "action add old one @bob")
	h.cmd("alice", "C2", "action drop 2 obsolete")
	h.clock.Advance(36 * time.Hour) // A-2 is overdue now

	tests := []struct {
		user, text string
		want       []string // global ids in order
	}{
		{"alice", "followups", []string{"A-2", "A-1", "A-3", "A-4"}},
		{"bob", "followups --mine", []string{"A-1", "A-3", "A-4"}},
		{"alice", "followups --owner @carol", []string{"A-2"}},
		{"alice", "followups --overdue", []string{"A-2"}},
		{"alice", "followups --all", []string{"A-2", "A-1", "A-3", "A-4", "A-5"}},
		{"dave", "followups --mine", nil},
	}
	for _, tt := range tests {
		r := h.cmd(tt.user, "random", tt.text)
		var got []string
		for _, line := range strings.Split(r.Text, "\n")[1:] {
			line, ok := strings.CutPrefix(line, "• ")
			if !ok {
				continue
			}
			if f := strings.Fields(line); len(f) > 1 {
				got = append(got, f[1])
			}
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%s %s: %v, want %v\n%s", tt.user, tt.text, got, tt.want, r.Text)
		}
	}
	r := h.cmd("alice", "random", "followups")
	for _, s := range []string{"Follow-ups (4, 1 overdue)", "[overdue] A-2 INC-1 #2 alert on saturation (P2, owner <@carol>, due 2026-03-15)", "[done] A-4 INC-2 #1",
		"\nMove one on from any channel by its global id: /incident action done A-2 [--link URL], action verify A-2 <link>, action drop A-2 <reason>."} {
		if !strings.Contains(r.Text, s) {
			t.Errorf("followups lacks %q:\n%s", s, r.Text)
		}
	}
}
