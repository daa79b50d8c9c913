package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// TestAmendTitle: the title changes, the channel is renamed with its
// inc-N- prefix kept, and the timeline says what it was.
func TestAmendTitle(t *testing.T) {
	h := newHarness(t)
	inc := h.declare(`"db down" --sev P1`)
	r := h.cmd("alice", inc.ChannelID, `title "Checkout & login errors in EU"`)
	if !strings.Contains(r.Text, "#inc-1-checkout-login-errors-in-eu") {
		t.Errorf("answer %q does not name the new channel", r.Text)
	}
	if got := h.incident(inc.ID).Title; got != "Checkout & login errors in EU" {
		t.Errorf("title = %q", got)
	}
	if got := h.chat.renamed[inc.ChannelID]; got != "inc-1-checkout-login-errors-in-eu" {
		t.Errorf("channel renamed to %q", got)
	}
	if !strings.Contains(h.chat.topics[inc.ChannelID], "Checkout & login errors in EU") {
		t.Errorf("topic %q lacks the new title", h.chat.topics[inc.ChannelID])
	}
	var said bool
	for _, e := range h.timeline(inc.ID) {
		said = said || strings.Contains(e.Text, `Title changed from "db down"`)
	}
	if !said {
		t.Error("the timeline does not record the old title")
	}
}

// TestAmendMilestones: started and detected can be set after the declare
// and corrected, checked against the other milestones; sev, status and
// update take --at for when they happened.
func TestAmendMilestones(t *testing.T) {
	h := newHarness(t)
	inc := h.declare(`"db down" --sev P2`)
	h.clock.Advance(30 * time.Minute) // 10:30
	h.cmd("alice", inc.ChannelID, "detected 09:58")
	h.cmd("alice", inc.ChannelID, "started 09:40")
	h.cmd("alice", inc.ChannelID, "started 09:45") // a correction
	m := h.incident(inc.ID).Milestones
	if m.Started != t0.Add(-15*time.Minute) || m.Detected != t0.Add(-2*time.Minute) {
		t.Errorf("started %v detected %v", m.Started, m.Detected)
	}
	if via := h.incident(inc.ID).DetectedVia; via != "" {
		t.Errorf("detected without --via set via %q", via)
	}
	h.cmd("alice", inc.ChannelID, "detected 09:58 --via customer")
	if via := h.incident(inc.ID).DetectedVia; via != bot.DetectedByCustomer {
		t.Errorf("detected --via customer: via %q", via)
	}
	if r := h.e.Command(h.ctx, bot.Request{User: "alice", ChannelID: inc.ChannelID, Text: "detected 09:57 --via pager"}); r.Code != bot.EInvalid {
		t.Errorf("detected --via pager: %s %q, want invalid", r.Code, r.Text)
	}
	if got := h.incident(inc.ID); got.DetectedVia != bot.DetectedByCustomer || got.Milestones.Detected != t0.Add(-2*time.Minute) {
		t.Errorf("a refused detected changed the incident: via %q detected %v", got.DetectedVia, got.Milestones.Detected)
	}
	r := h.e.Command(h.ctx, bot.Request{User: "alice", ChannelID: inc.ChannelID, Text: "started 09:59"})
	if r.Code != bot.EInvalid || !strings.Contains(r.Text, "Detected (2026-03-14 09:58 UTC) cannot be before impact started (2026-03-14 09:59 UTC)") {
		t.Errorf("started after detected: %s %q", r.Code, r.Text)
	}

	h.cmd("alice", inc.ChannelID, "sev P1 --at 10:05")
	h.cmd("alice", inc.ChannelID, "status identified --at 10:10")
	h.cmd("alice", inc.ChannelID, "update --at 10:20 --status monitoring error rate back to normal")
	at := map[bot.EntryKind]time.Time{}
	for _, e := range h.timeline(inc.ID) {
		at[e.Kind] = e.At
	}
	for kind, want := range map[bot.EntryKind]time.Time{
		bot.EntrySeverity: t0.Add(5 * time.Minute), bot.EntryStatus: t0.Add(10 * time.Minute), bot.EntryUpdate: t0.Add(20 * time.Minute),
	} {
		if at[kind] != want {
			t.Errorf("%s entry at %v, want %v", kind, at[kind], want)
		}
	}
	got := h.incident(inc.ID)
	if n := len(got.Updates); n != 1 || got.Updates[0].At != t0.Add(20*time.Minute) {
		t.Errorf("updates %+v", got.Updates)
	}
	if got.Reminder.Due.Before(h.clock.Now()) {
		t.Errorf("next reminder %v is before now: it must count from now, not from --at", got.Reminder.Due)
	}
	h.cmd("alice", inc.ChannelID, "update --at 10:25 --status resolved all good")
	if got := h.incident(inc.ID).Milestones.Resolved; got != t0.Add(25*time.Minute) {
		t.Errorf("resolved at %v, want 10:25", got)
	}
}
