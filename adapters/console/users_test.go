package console

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

// TestCheckUser: the console knows people who have typed a line and those
// it was started with, and no one else.
func TestCheckUser(t *testing.T) {
	a := New(Options{Out: io.Discard, Users: []string{"carol"}})
	ctx := context.Background()
	if err := a.Exec(ctx, &handler{}, "alice: hello"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		user    string
		unknown bool
	}{{"alice", false}, {"carol", false}, {"ghost", true}, {"Alice", true}} {
		err := a.CheckUser(ctx, tt.user)
		if errors.Is(err, bot.ErrUnknownUser) != tt.unknown || !tt.unknown && err != nil {
			t.Errorf("CheckUser(%s) = %v, want unknown %v", tt.user, err, tt.unknown)
		}
	}
}
