package console_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/adapters/console"
	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/commands"
	"github.com/warroom-dev/warroom/postmortem"
	"github.com/warroom-dev/warroom/store"
)

// TestDeclareShowsWhatCameBefore types lines in #ops, declares there and
// closes the incident: the postmortem shows the lines of the 15 minutes
// before under "Before the declaration", and not an older one, a deleted
// one, one from another channel or the bot's own.
func TestDeclareShowsWhatCameBefore(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(filepath.Join(t.TempDir(), "warroom.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := bot.NewManualClock(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	var out bytes.Buffer
	a := console.New(console.Options{Out: &out, Clock: clock, Files: t.TempDir(), IDs: db})
	e := bot.New(bot.Options{Store: db, Chat: a, Parser: commands.Parse, Postmortem: postmortem.Write, Clock: clock,
		Config: bot.DefaultConfig(), Log: zerolog.Nop()})
	type line struct {
		after time.Duration
		text  string
	}
	for _, l := range []line{
		{0, "#ops bob: too old to matter"},
		{20 * time.Minute, "#ops bob: checkout is failing for me"},
		{time.Minute, "carol: oops, wrong channel"},
		{0, "carol: /delete last"},
		{0, "#dev dave: unrelated"},
		{time.Minute, "#ops carol: 5xx on the dashboard too"},
		{time.Minute, "#ops alice: /incident declare Checkout errors"},
		{time.Minute, "#ops alice: /incident declare Checkout errors again"},
	} {
		clock.Advance(l.after)
		if err := a.Exec(ctx, e, l.text); err != nil {
			t.Fatalf("%s: %v", l.text, err)
		}
	}
	if !strings.Contains(out.String(), "[#ops] warroom (") || !strings.Contains(out.String(), "incident INC-1 declared") {
		t.Fatalf("INC-1 not announced in #ops:\n%s", out.String())
	}
	ch := ""
	if inc, err := db.Incident(ctx, 2); err == nil {
		ch = inc.ChannelID
	}
	if err := a.Exec(ctx, e, "#"+ch+" alice: /incident close"); err != nil {
		t.Fatal(err)
	}
	ups := a.Uploads()
	if len(ups) == 0 {
		t.Fatal("no postmortem uploaded")
	}
	raw, err := os.ReadFile(ups[len(ups)-1])
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	start, end := strings.Index(doc, "### Before the declaration"), strings.Index(doc, "### Detection")
	if start < 0 || end < start {
		t.Fatalf("no Before the declaration group before Detection:\n%s", doc)
	}
	group := doc[start:end]
	for _, want := range []string{
		"- `09:20:00` **bob**: checkout is failing for me\n",
		"- `09:22:00` **carol**: 5xx on the dashboard too\n",
	} {
		if !strings.Contains(group, want) {
			t.Errorf("group lacks %q:\n%s", want, group)
		}
	}
	for _, not := range []string{"too old", "wrong channel", "unrelated", "INC-1"} {
		if strings.Contains(group, not) {
			t.Errorf("group holds %q:\n%s", not, group)
		}
	}
}
