package discord

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/warroom-dev/warroom/internal/fakediscord"
)

// TestPinNeedsPinMessages: with Manage Messages but not Pin Messages the
// fake refuses the intro's pin, as Discord does since early 2026; the
// incident is declared all the same, and the Incident Commander is told
// once, in the channel, what to grant.
func TestPinNeedsPinMessages(t *testing.T) {
	w := newWorld(t, nil)
	f := w.f
	f.SetBotPermissions(fakediscord.DefaultBotPermissions&^fakediscord.PermPinMessages | fakediscord.PermManageMessages)
	alice := f.AddUser("alice")
	_, cb := w.slash(t, f.GeneralChannel(), alice.ID, fakediscord.Sub("declare", fakediscord.Str("title", "Pins refused")))
	if cb.Type != 4 || !strings.Contains(cb.Data.Content, "Declared INC-1") {
		t.Fatalf("declare answered %+v", cb)
	}
	var ch string
	for _, c := range f.Channels() {
		if strings.HasPrefix(c.Name, "inc-1-") {
			ch = c.ID
		}
	}
	var told []fakediscord.Message
	wait(t, "the IC told about the pin", func() bool {
		told = nil
		for _, m := range f.Messages(ch) {
			if m.Pinned {
				t.Fatalf("a message was pinned without Pin Messages: %+v", m)
			}
			if strings.Contains(m.Content, "Pin Messages") {
				told = append(told, m)
			}
		}
		return len(told) > 0
	})
	if len(told) != 1 || !strings.Contains(told[0].Content, "<@"+alice.ID+">") {
		t.Errorf("told %d times (%+v), want once, mentioning the IC", len(told), told)
	}
}

// TestInvitePermissions: the README's invite URL asks for what the fake's
// bot holds by default, Pin Messages included and Manage Messages not.
func TestInvitePermissions(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`discord\.com/oauth2/authorize\?[^\s]*permissions=(\d+)`).FindSubmatch(readme)
	if m == nil {
		t.Fatal("no invite URL with permissions= in the README")
	}
	got, err := strconv.ParseInt(string(m[1]), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	if got != fakediscord.DefaultBotPermissions {
		t.Errorf("README invite permissions = %d, want %d", got, fakediscord.DefaultBotPermissions)
	}
	if got&fakediscord.PermPinMessages == 0 || got&fakediscord.PermManageMessages != 0 {
		t.Errorf("invite permissions %d: want Pin Messages (1<<51) and not Manage Messages", got)
	}
}
