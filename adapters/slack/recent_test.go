package slack_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// TestDeclareShowsWhatCameBefore declares from #ops, where an alert and a
// person's message came in the minutes before (and an older one before
// the window): the postmortem shows the two under "Before the
// declaration", and not the bot's own announcement of an earlier
// incident there.
func TestDeclareShowsWhatCameBefore(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ops := s.AddChannel("ops", "U1", "U2")
	w := startWarroom(t, s, zerolog.WarnLevel)

	s.AddHistory(ops, "U2", "too old to matter") // 10:00
	w.clock.Advance(20 * time.Minute)
	s.AddIntegrationHistory(ops, "B0PAGER", "PagerDuty", "ALERT checkout 5xx above 5%") // 10:20
	w.clock.Advance(time.Minute)
	s.AddHistory(ops, "U2", "checkout is failing for me") // 10:21
	w.clock.Advance(time.Minute)
	w.command(t, ctx, ops, "U1", "declare Checkout errors") // 10:22, announced in #ops
	announced := false
	for _, m := range s.History(ops) {
		announced = announced || m.BotID != "" && strings.Contains(m.Text, "INC-1")
	}
	if !announced {
		t.Fatalf("INC-1 not announced in #ops: %+v", s.History(ops))
	}
	w.clock.Advance(time.Minute)
	w.command(t, ctx, ops, "U1", "declare Checkout errors again")

	inc, err := w.db.Incident(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	w.command(t, ctx, inc.ChannelID, "U1", "close")
	files, err := s.WaitFiles(ctx, 1)
	if err != nil {
		t.Fatal("no postmortem uploaded")
	}
	doc := string(files[len(files)-1].Content)
	start := strings.Index(doc, "### Before the declaration")
	end := strings.Index(doc, "### Detection")
	if start < 0 || end < start {
		t.Fatalf("no Before the declaration group before Detection:\n%s", doc)
	}
	group := doc[start:end]
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile("(?m)^- `10:20:00` \\*\\*PagerDuty \\(integration\\)\\*\\*: ALERT checkout 5xx above 5%$"),
		regexp.MustCompile("(?m)^- `10:21:00` \\*\\*[^*]+\\*\\*: checkout is failing for me$"),
	} {
		if !want.MatchString(group) {
			t.Errorf("group lacks %s:\n%s", want, group)
		}
	}
	for _, not := range []string{"too old to matter", "INC-1"} {
		if strings.Contains(group, not) {
			t.Errorf("group holds %q:\n%s", not, group)
		}
	}
}

// TestDeclareWhereHistoryIsRefused declares from a channel whose history
// the bot may not read (not_in_channel): the incident is declared all
// the same, without the group.
func TestDeclareWhereHistoryIsRefused(t *testing.T) {
	s := newFake(t)
	ctx := testCtx(t)
	ops := s.AddChannel("ops", "U1", "U2")
	w := startWarroom(t, s, zerolog.ErrorLevel)
	s.AddHistory(ops, "U2", "checkout is failing for me")
	w.clock.Advance(time.Minute)
	s.Fail("conversations.history", "not_in_channel", 1)
	if answer := w.command(t, ctx, ops, "U1", "declare Checkout errors"); !strings.HasPrefix(answer, "Declared INC-1") {
		t.Fatalf("declare answered %q", answer)
	}
	if n := s.CallCount("conversations.history"); n != 1 {
		t.Errorf("conversations.history called %d times, want once", n)
	}
	inc, err := w.db.Incident(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	w.command(t, ctx, inc.ChannelID, "U1", "close")
	files, err := s.WaitFiles(ctx, 1)
	if err != nil {
		t.Fatal("no postmortem uploaded")
	}
	if doc := string(files[len(files)-1].Content); strings.Contains(doc, "Before the declaration") {
		t.Errorf("a group from a history that was refused:\n%s", doc)
	}
}
