package store

import (
	"errors"
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

func TestPostmortem(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	doc := []byte("# draft 1")
	if err := db.SavePostmortem(ctx, 1, doc); err != nil {
		t.Fatal(err)
	}
	doc[2] = 'X' // the store keeps its own copy
	steps := []struct {
		save []byte // nil: read only
		id   int64
		want string // "-" means not found
	}{
		{nil, 1, "# draft 1"},
		{[]byte("# draft 2"), 1, "# draft 2"},
		{nil, 2, "-"},
		{[]byte{}, 3, ""},
	}
	for i, s := range steps {
		if s.save != nil {
			if err := db.SavePostmortem(ctx, s.id, s.save); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.Postmortem(ctx, s.id)
		switch {
		case s.want == "-" && !errors.Is(err, bot.ErrNotFound):
			t.Errorf("step %d: Postmortem(%d) = %q, %v; want not found", i, s.id, got, err)
		case s.want != "-" && (err != nil || string(got) != s.want):
			t.Errorf("step %d: Postmortem(%d) = %q, %v; want %q", i, s.id, got, err, s.want)
		}
	}
}
