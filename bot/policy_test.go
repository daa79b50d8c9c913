package bot_test

import (
	"strings"
	"testing"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/commands"
	"github.com/warroom-dev/warroom/postmortem"
)

func TestPolicy(t *testing.T) {
	tests := []struct {
		user   string
		groups []string
		text   string
		code   string // "" when allowed
	}{
		// Anyone in the channel may write things down and help.
		{"bob", nil, "update rolling back", ""},
		{"bob", nil, "event cache flushed", ""},
		{"bob", nil, "role tier2 @dave", ""},
		{"bob", nil, "role comms @carol", ""},
		{"bob", nil, "ack", ""},
		{"bob", nil, "mitigated", ""},
		{"bob", nil, "why the cache was cold", ""},
		{"bob", nil, "action add add a cache warmer", ""},
		// Only the IC or an admin may change who leads, how loud, or whether it is over.
		{"bob", nil, "role ic @bob", bot.ERefused},
		{"bob", nil, "sev P0", bot.ERefused},
		{"bob", nil, "status resolved", bot.ERefused},
		{"bob", nil, "update --status resolved all good", bot.ERefused},
		{"bob", nil, "resolve", bot.ERefused},
		{"bob", nil, "close", bot.ERefused},
		{"root", nil, "sev P0", ""},               // an admin by user id
		{"erin", []string{"S0SRE"}, "sev P1", ""}, // an admin by group
		{"erin", []string{"S0OTHER"}, "sev P2", bot.ERefused},
		{"alice", nil, "role ic @dave", ""},    // the IC hands over...
		{"alice", nil, "sev P3", bot.ERefused}, // ...and is no longer IC
		{"dave", nil, "resolve fixed", ""},     // the new IC may resolve
		{"dave", nil, "close", ""},
		{"bob", nil, "reopen", bot.ERefused},
		{"dave", nil, "reopen", ""},
	}
	h := newHarness(t)
	cfg := bot.DefaultConfig()
	cfg.Admins = []string{"root", "S0SRE"}
	h.e = bot.New(bot.Options{Store: h.db, Chat: h.chat, Parser: commands.Parse, Postmortem: postmortem.Write, Clock: h.clock, Config: cfg})
	h.declare("cache stampede --sev P2")
	for _, tt := range tests {
		r := h.e.Command(h.ctx, bot.Request{User: tt.user, Groups: tt.groups, ChannelID: "C1", Text: tt.text})
		if r.Code != tt.code {
			t.Errorf("%s (%v): /incident %s: got %q %q, want code %q", tt.user, tt.groups, tt.text, r.Code, r.Text, tt.code)
		}
		if tt.code == bot.ERefused && !strings.Contains(r.Text, "Incident Commander") {
			t.Errorf("refusal does not say who may: %q", r.Text)
		}
	}
	refused := 0
	for _, e := range h.timeline(1) {
		if e.Kind == bot.EntryRefused {
			refused++
		}
	}
	if want := 9; refused != want {
		t.Errorf("%d refusals in the timeline, want %d", refused, want)
	}

	// The update form is held to the same rule.
	h2 := newHarness(t)
	h2.declare("form check")
	errs, err := h2.e.Submit(h2.ctx, bot.Submission{Kind: bot.FormUpdate, IncidentID: 1, User: "bob",
		Values: map[string]string{"status": "resolved", "changes": "done"}})
	if err != nil || !strings.Contains(errs["status"], "Incident Commander") {
		t.Errorf("bob resolving through the form: %v %v", errs, err)
	}
}
