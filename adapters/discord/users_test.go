package discord

import (
	"errors"
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
