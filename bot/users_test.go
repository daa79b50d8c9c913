package bot_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

// TestUnknownUserIsRefused: a role or an action item for someone the
// platform says does not exist is refused with a clear answer, and nothing
// is assigned, recorded, posted or invited.
func TestUnknownUserIsRefused(t *testing.T) {
	for _, text := range []string{"role tier2 <@U9>", "role ic @ghost", "action add fix the pool --owner <@U9>", "action add fix the pool @ghost"} {
		t.Run(text, func(t *testing.T) {
			h := newHarness(t)
			inc := h.declare(`"db down" --sev P1`)
			h.chat.unknown["U9"], h.chat.unknown["ghost"] = true, true
			entries, posts, invited := len(h.timeline(inc.ID)), len(h.chat.posts), len(h.chat.invited[inc.ChannelID])
			r := h.e.Command(h.ctx, bot.Request{User: "alice", ChannelID: inc.ChannelID, Text: text})
			if r.Code != bot.EInvalid || !strings.Contains(r.Text, "There is no user") || !strings.Contains(r.Text, "Nothing was changed") {
				t.Errorf("answered %s %q, want a refusal that says there is no such user", r.Code, r.Text)
			}
			got := h.incident(inc.ID)
			if len(got.Roles) != len(inc.Roles) || len(got.Actions) != 0 || len(got.Participants) != len(inc.Participants) {
				t.Errorf("something was assigned: roles %+v, actions %+v", got.Roles, got.Actions)
			}
			if len(h.timeline(inc.ID)) != entries || len(h.chat.posts) != posts || len(h.chat.invited[inc.ChannelID]) != invited {
				t.Error("the refusal recorded, posted or invited something")
			}
		})
	}
}

// TestUserCheckFailureGoesAhead: when the platform cannot tell (an outage,
// not an answer), the role is assigned: an incident is no time to block on
// a lookup.
func TestUserCheckFailureGoesAhead(t *testing.T) {
	h := newHarness(t)
	inc := h.declare(`"db down" --sev P1`)
	h.chat.checkErr = errors.New("users.info: 503")
	h.cmd("alice", inc.ChannelID, "role tier2 <@U7>")
	if got := h.incident(inc.ID).Holder(bot.RoleTier2); got != "U7" {
		t.Errorf("tier2 = %q, want U7", got)
	}
}
