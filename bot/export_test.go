package bot_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/commands"
	"github.com/warroom-dev/warroom/postmortem"
)

// namingChat is the recording chat of a platform that knows people's names.
type namingChat struct {
	*recorder
	names map[string]string
}

func (c namingChat) UserName(_ context.Context, user string) (string, error) {
	return c.names[user], nil
}

// TestExportReadsAsPosted: the incident records its platform and the names
// its draft showed, so a draft made later from the store alone (as
// `warroom export` makes it, with no platform to ask and another platform
// configured) reads the same as the one posted.
func TestExportReadsAsPosted(t *testing.T) {
	h := newHarness(t)
	cfg := bot.DefaultConfig()
	cfg.Platform = "slack"
	h.e = bot.New(bot.Options{Store: h.db, Chat: namingChat{h.chat, map[string]string{"alice": "Alice Chen", "bob": "Bob Okafor"}},
		Parser: commands.Parse, Postmortem: postmortem.Write, Clock: h.clock, Config: cfg, Log: zerolog.Nop()})
	inc := h.declare(`"Checkout errors" --sev P1`)
	if inc.Platform != "slack" {
		t.Errorf("incident platform = %q, want slack", inc.Platform)
	}
	h.cmd("alice", "C1", "role tier1 @bob")
	h.say("bob", "C1", "m1", "looking at the dashboards")
	h.cmd("alice", "C1", "close")

	posted, err := h.db.Postmortem(h.ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	inc = h.incident(inc.ID)
	if inc.Names["alice"] != "Alice Chen" || inc.Names["bob"] != "Bob Okafor" {
		t.Errorf("names kept on the incident: %v", inc.Names)
	}
	var exported bytes.Buffer
	if err := postmortem.Write(&exported, bot.PostmortemData{
		Incident: inc,
		Timeline: func(fn func(*bot.Entry) error) error { return h.db.Timeline(h.ctx, inc.ID, fn) },
		Platform: "console",
		Drafted:  inc.Milestones.Closed,
	}); err != nil {
		t.Fatal(err)
	}
	if exported.String() != string(posted) {
		t.Errorf("the export differs from the posted draft:\n--- posted\n%s\n--- exported\n%s", posted, exported.String())
	}
	for _, want := range []string{"**Bob Okafor**: looking at the dashboards", "- **Platform:** Slack"} {
		if !strings.Contains(string(posted), want) {
			t.Errorf("posted draft lacks %q", want)
		}
	}
}
