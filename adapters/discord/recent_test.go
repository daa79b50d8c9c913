package discord

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/internal/fakediscord"
)

// TestDeclareShowsWhatCameBefore declares from #general, where two
// people spoke in the minutes before (and one long before): the
// postmortem shows the two under "Before the declaration", and not the
// bot's own announcement of an earlier incident there.
func TestDeclareShowsWhatCameBefore(t *testing.T) {
	w := newWorld(t, nil)
	f := w.f
	alice, bob := f.AddUser("alice"), f.AddUser("bob")
	general := f.GeneralChannel()
	say := func(user, text string) {
		t.Helper()
		if _, err := f.AddHistory(general, user, text); err != nil {
			t.Fatal(err)
		}
	}
	say(bob.ID, "too old to matter") // 14:00
	w.clk.Advance(20 * time.Minute)
	say(bob.ID, "checkout is failing for me") // 14:20
	w.clk.Advance(time.Minute)
	say(alice.ID, "seeing 5xx on the dashboard too") // 14:21
	w.clk.Advance(time.Minute)
	declare := func(title string) {
		t.Helper()
		if _, cb := w.slash(t, general, alice.ID, fakediscord.Sub("declare", fakediscord.Str("title", title))); cb.Type != 4 {
			t.Fatalf("declare answered %+v", cb)
		}
	}
	declare("Checkout errors") // 14:22, announced in #general
	announced := false
	for _, m := range f.Messages(general) {
		announced = announced || m.Author.ID == f.AppID() && strings.Contains(m.Content, "INC-1")
	}
	if !announced {
		t.Fatalf("INC-1 not announced in #general: %+v", f.Messages(general))
	}
	w.clk.Advance(time.Minute)
	declare("Checkout errors again")

	inc, err := w.db.Incident(t.Context(), 2)
	if err != nil {
		t.Fatal(err)
	}
	w.slash(t, inc.ChannelID, alice.ID, fakediscord.Sub("close"))
	var pm []byte
	wait(t, "the postmortem attached", func() bool {
		for _, m := range f.Messages(inc.ChannelID) {
			for _, at := range m.Attachments {
				if strings.HasSuffix(at.Filename, ".md") {
					pm = at.Data
					return true
				}
			}
		}
		return false
	})
	doc := string(pm)
	start, end := strings.Index(doc, "### Before the declaration"), strings.Index(doc, "### Detection")
	if start < 0 || end < start {
		t.Fatalf("no Before the declaration group before Detection:\n%s", doc)
	}
	group := doc[start:end]
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile("(?m)^- `14:20:00` \\*\\*bob\\*\\*: checkout is failing for me$"),
		regexp.MustCompile("(?m)^- `14:21:00` \\*\\*alice\\*\\*: seeing 5xx on the dashboard too$"),
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
