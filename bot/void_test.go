package bot_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// TestDeclareWithoutChannel: a declare whose channel cannot be made tells the
// declarer why, leaves no open incident behind and is never prompted.
func TestDeclareWithoutChannel(t *testing.T) {
	for _, tt := range []struct {
		name     string
		err      error
		wantCode string
		wantWhy  string
	}{
		{"the adapter says why", bot.Errorf(bot.ERefused, "the category Incidents holds 50 channels, the most Discord allows"),
			bot.ERefused, "the category Incidents holds 50 channels"},
		{"a bare platform error", errors.New("discord: HTTP 500"), bot.EInternal, "it is logged"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.chat.createErr = tt.err
			r := h.e.Command(h.ctx, bot.Request{User: "alice", ChannelID: "ops", Text: "declare api down --sev P0"})
			if r.Code != tt.wantCode || !strings.Contains(r.Text, "Nothing was declared") || !strings.Contains(r.Text, tt.wantWhy) {
				t.Errorf("answer = %s %q, want %s naming %q", r.Code, r.Text, tt.wantCode, tt.wantWhy)
			}
			if strings.Contains(r.Text, "HTTP 500") {
				t.Errorf("answer shows the platform's error: %q", r.Text)
			}
			open, err := h.db.Incidents(h.ctx, true)
			if err != nil || len(open) != 0 {
				t.Fatalf("open incidents after a failed declare = %d (%v), want none", len(open), err)
			}
			inc := h.incident(1)
			if inc.Void == "" || inc.Status != bot.StatusClosed || !inc.Reminder.Due.IsZero() {
				t.Errorf("incident = %s void %q reminder %v, want closed, void, no reminder", inc.Status, inc.Void, inc.Reminder.Due)
			}
			if got := h.e.Command(h.ctx, bot.Request{User: "alice", ChannelID: "ops", Text: "reopen --id 1"}); got.Code == "" || !strings.Contains(got.Text, "never opened") {
				t.Errorf("reopen of a void incident = %s %q, want refused as never opened", got.Code, got.Text)
			}
			if got := h.e.Command(h.ctx, bot.Request{User: "alice", ChannelID: "ops", Text: "list"}); strings.Contains(got.Text, "INC-1") {
				t.Errorf("list shows the void incident: %q", got.Text)
			}

			h.clock.Advance(3 * time.Hour)
			if err := h.e.Sweep(h.ctx); err != nil {
				t.Errorf("sweep: %v", err)
			}
			h.chat.mu.Lock()
			posts := len(h.chat.posts)
			h.chat.mu.Unlock()
			if posts != 0 {
				t.Errorf("%d posts after a failed declare and a sweep, want none", posts)
			}
			for _, en := range h.timeline(1) {
				if en.Kind == bot.EntryReminder || en.Kind == bot.EntryEscalation {
					t.Errorf("the sweep recorded a prompt for a void incident: %+v", en)
				}
			}

			// Once the platform allows it again, declaring works.
			h.chat.createErr = nil
			if inc := h.declare("api down"); inc.ID != 2 || inc.ChannelID == "" {
				t.Errorf("declare after the fault = INC-%d in %q", inc.ID, inc.ChannelID)
			}
		})
	}
}

// TestSweepSkipsChannelless: an open incident without a channel (a declare
// cut short before voiding it) is never prompted.
func TestSweepSkipsChannelless(t *testing.T) {
	h := newHarness(t)
	inc := &bot.Incident{Title: "x", Severity: bot.P0, Status: bot.StatusInvestigating, DeclaredBy: "alice",
		Milestones: bot.Milestones{Declared: t0}, Reminder: bot.Reminder{Due: t0.Add(15 * time.Minute)}}
	if err := h.db.CreateIncident(h.ctx, inc); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(time.Hour)
	if err := h.e.Sweep(h.ctx); err != nil {
		t.Errorf("sweep: %v", err)
	}
	if n := len(h.timeline(inc.ID)); n != 0 {
		t.Errorf("sweep recorded %d entries for an incident without a channel", n)
	}
}

// TestFormSubmittedTwice: a form submitted twice under one id declares once,
// and with Acked the submitter is answered privately each time.
func TestFormSubmittedTwice(t *testing.T) {
	h := newHarness(t)
	sub := bot.Submission{Kind: bot.FormDeclare, ChannelID: "ops", User: "alice", ID: "V1", Acked: true,
		Values: map[string]string{"title": "Search is slow", "severity": "P1"}}
	if errs, err := h.e.CheckForm(h.ctx, sub); err != nil || len(errs) != 0 {
		t.Fatalf("check: %v %v", errs, err)
	}
	for range 2 {
		if errs, err := h.e.Submit(h.ctx, sub); err != nil || len(errs) != 0 {
			t.Fatalf("submit: %v %v", errs, err)
		}
	}
	if incs, _ := h.db.Incidents(h.ctx, false); len(incs) != 1 {
		t.Errorf("%d incidents from one form submitted twice, want 1", len(incs))
	}
	h.chat.mu.Lock()
	private := append([]post(nil), h.chat.private...)
	h.chat.mu.Unlock()
	if len(private) != 2 || !strings.HasPrefix(private[0].Text, "Declared INC-1 (P1)") || !strings.Contains(private[1].Text, "submitted already") {
		t.Errorf("private answers = %+v", private)
	}

	// A bad form is refused by the check and by Submit, and answered.
	bad := bot.Submission{Kind: bot.FormDeclare, ChannelID: "ops", User: "alice", ID: "V2", Acked: true, Values: map[string]string{"severity": "P9"}}
	if errs, _ := h.e.CheckForm(h.ctx, bad); errs["title"] == "" || errs["severity"] == "" {
		t.Errorf("check of a bad form = %v", errs)
	}
	if errs, _ := h.e.Submit(h.ctx, bad); errs["title"] == "" {
		t.Errorf("submit of a bad form = %v", errs)
	}
	if incs, _ := h.db.Incidents(h.ctx, false); len(incs) != 1 {
		t.Errorf("a bad form declared something: %d incidents", len(incs))
	}
}
