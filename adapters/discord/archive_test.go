package discord

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/internal/fakediscord"
)

// categoryOf returns the name of the category a channel is in.
func categoryOf(t *testing.T, f *fakediscord.Fake, id string) string {
	t.Helper()
	c, ok := f.Channel(id)
	if !ok || c.ParentID == nil {
		t.Fatalf("channel %s in no category: %+v", id, c)
	}
	p, _ := f.Channel(*c.ParentID)
	return p.Name
}

// categoryID returns the id of the category named name.
func categoryID(t *testing.T, f *fakediscord.Fake, name string) string {
	t.Helper()
	for _, c := range f.Channels() {
		if c.Type == fakediscord.ChannelCategory && c.Name == name {
			return c.ID
		}
	}
	t.Fatalf("no category %q", name)
	return ""
}

// fill adds channels to category until it holds n.
func fill(f *fakediscord.Fake, category string, n int) {
	have := 0
	for _, c := range f.Channels() {
		if c.ParentID != nil && *c.ParentID == category {
			have++
		}
	}
	for i := have; i < n; i++ {
		f.AddChannel(fmt.Sprintf("old-%d", i), fakediscord.ChannelText, category)
	}
}

// TestCategoryLimits: Discord's 50 channels a category. A full incident
// category rolls over to "Incidents 2"; a closed incident's channel moves
// to "Incidents archive" a day after the close (to "Incidents archive 2"
// when that is full) and back when the incident is reopened.
func TestCategoryLimits(t *testing.T) {
	w := newWorld(t, nil)
	f := w.f
	alice := f.AddUser("alice")
	fill(f, categoryID(t, f, "Incidents"), fakediscord.MaxCategoryChannels-1)

	declare := func(title string) string {
		t.Helper()
		_, cb := w.slash(t, f.GeneralChannel(), alice.ID, fakediscord.Sub("declare", fakediscord.Str("title", title)))
		if cb.Type != 4 || !strings.Contains(cb.Data.Content, "Declared") {
			t.Fatalf("declare %q answered %+v", title, cb)
		}
		incs, err := w.db.Incidents(t.Context(), false)
		if err != nil {
			t.Fatal(err)
		}
		return incs[len(incs)-1].ChannelID
	}
	one := declare("fiftieth")
	two := declare("fifty-first")
	if got := categoryOf(t, f, one); got != "Incidents" {
		t.Errorf("the 50th channel is in %q, want Incidents", got)
	}
	if got := categoryOf(t, f, two); got != "Incidents 2" {
		t.Errorf("the 51st channel is in %q, want Incidents 2", got)
	}

	closeIn := func(ch string) {
		t.Helper()
		w.slash(t, ch, alice.ID, fakediscord.Sub("resolve", fakediscord.Str("summary", "fixed")))
		w.slash(t, ch, alice.ID, fakediscord.Sub("close"))
	}
	closeIn(one)
	w.clk.Advance(23 * time.Hour)
	if err := w.e.Sweep(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := categoryOf(t, f, one); got != "Incidents" {
		t.Fatalf("moved to %q before the day was up", got)
	}
	w.clk.Advance(time.Hour)
	if err := w.e.Sweep(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := categoryOf(t, f, one); got != "Incidents archive" {
		t.Fatalf("closed a day ago, the channel is in %q, want Incidents archive", got)
	}

	// The archive fills up: the next goes to "Incidents archive 2".
	fill(f, categoryID(t, f, "Incidents archive"), fakediscord.MaxCategoryChannels)
	closeIn(two)
	w.clk.Advance(bot.DefaultArchiveAfter)
	if err := w.e.Sweep(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := categoryOf(t, f, two); got != "Incidents archive 2" {
		t.Fatalf("with the archive full the channel is in %q, want Incidents archive 2", got)
	}

	// Reopened from elsewhere, the first comes back where there is room.
	_, cb := w.slash(t, f.GeneralChannel(), alice.ID, fakediscord.Sub("reopen", fakediscord.Int("id", 1)))
	if !strings.Contains(cb.Data.Content, "reopened") {
		t.Fatalf("reopen answered %+v", cb)
	}
	if got := categoryOf(t, f, one); got != "Incidents" {
		t.Errorf("reopened, the channel is in %q, want Incidents", got)
	}
}

// TestGuildFull: Discord's 500 channels a server. A declare in a full
// server says why and leaves no open incident.
func TestGuildFull(t *testing.T) {
	w := newWorld(t, nil)
	f := w.f
	alice := f.AddUser("alice")
	for i := len(f.Channels()); i < fakediscord.MaxGuildChannels; i++ {
		f.AddChannel(fmt.Sprintf("c-%d", i), fakediscord.ChannelText, "")
	}
	_, cb := w.slash(t, f.GeneralChannel(), alice.ID, fakediscord.Sub("declare", fakediscord.Str("title", "one too many")))
	if !strings.Contains(cb.Data.Content, "500 channels") || !strings.Contains(cb.Data.Content, "Nothing was declared") {
		t.Errorf("declare in a full server answered %q", cb.Data.Content)
	}
	if open, _ := w.db.Incidents(t.Context(), true); len(open) != 0 {
		t.Errorf("%d open incidents after a refused declare", len(open))
	}
}
