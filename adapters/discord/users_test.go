package discord

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/internal/fakediscord"
)

// TestCheckUser: only a member of the server can take part. Someone who
// left (10007 Unknown Member) and an id that names no one (10007, and
// 10013 Unknown User behind it) are unknown; a member is not.
func TestCheckUser(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	alice, bob := f.AddUser("alice"), f.AddUser("bob")
	f.RemoveMember(bob.ID)
	a, err := New(testOptions(t, f))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		user    string
		unknown bool
	}{{alice.ID, false}, {bob.ID, true}, {"80351110224678912", true}} {
		err := a.CheckUser(t.Context(), tt.user)
		if errors.Is(err, bot.ErrUnknownUser) != tt.unknown || !tt.unknown && err != nil {
			t.Errorf("CheckUser(%s) = %v, want unknown %v", tt.user, err, tt.unknown)
		}
	}
}

// TestRolesAreGroups: the invoker's roles in the server reach the engine
// as the request's groups, so WARROOM_ADMINS may name a role; someone
// without roles has none.
func TestRolesAreGroups(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	h := newRecHandler()
	startAdapter(t, f, h, nil)
	alice, bob := f.AddUser("alice"), f.AddUser("bob")
	sre := f.AddRole("sre")
	f.GiveRole(alice.ID, sre)
	for _, u := range []string{alice.ID, bob.ID} {
		in, err := f.SlashCommand(f.GeneralChannel(), u, "incident", fakediscord.Sub("sev", fakediscord.Str("severity", "P1")))
		if err != nil {
			t.Fatal(err)
		}
		waitCallback(t, f, in.ID)
	}
	reqs := h.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests", len(reqs))
	}
	if !slices.Equal(reqs[0].Groups, []string{sre}) || len(reqs[1].Groups) != 0 {
		t.Errorf("groups: alice %v, bob %v; want [%s] and none", reqs[0].Groups, reqs[1].Groups, sre)
	}
}

// TestTitleRenamesChannel: /incident title renames the incident's channel
// through the editor, inc-N- kept, and its topic follows.
func TestTitleRenamesChannel(t *testing.T) {
	w := newWorld(t, nil)
	f := w.f
	alice := f.AddUser("alice")
	w.slash(t, f.GeneralChannel(), alice.ID, fakediscord.Sub("declare", fakediscord.Str("title", "db down")))
	var id string
	for _, c := range f.Channels() {
		if c.Name == "inc-1-db-down" {
			id = c.ID
		}
	}
	if id == "" {
		t.Fatalf("no incident channel among %+v", f.Channels())
	}
	_, cb := w.slash(t, id, alice.ID, fakediscord.Sub("title", fakediscord.Str("title", "Checkout & login errors"), fakediscord.Int("id", 1)))
	if !strings.Contains(cb.Data.Content, "inc-1-checkout-login-errors") {
		t.Errorf("answered %q", cb.Data.Content)
	}
	wait(t, "the channel renamed", func() bool {
		for _, c := range f.Channels() {
			if c.ID == id {
				return c.Name == "inc-1-checkout-login-errors" && c.Topic != nil && strings.Contains(*c.Topic, "Checkout & login errors")
			}
		}
		return false
	})
}
