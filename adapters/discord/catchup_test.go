package discord

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/internal/fakediscord"
)

// tap hands events on to a Handler and counts those it recorded, by kind
// and message.
type tap struct {
	Handler
	mu sync.Mutex
	n  map[string]int
}

func (t *tap) Record(ctx context.Context, ev bot.Event) error {
	if err := t.Handler.Record(ctx, ev); err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n[string(ev.Kind)+" "+ev.MessageID]++
	return nil
}

func (t *tap) count(kind bot.EventKind, id string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.n[string(kind)+" "+id]
}

// TestCatchUpEdits: edits made while the bot was down are recorded when
// it comes back, once each, keeping the original: to a message in the
// page before the cursor and to one after it. An edit recorded live is not
// recorded again, nor is a message said and edited while the bot was down
// (its text then is all there is to know). Coming back again records
// nothing more.
func TestCatchUpEdits(t *testing.T) {
	tp := &tap{n: map[string]int{}}
	w := newWorld(t, func(h Handler) Handler { tp.Handler = h; return tp })
	f := w.f
	alice, bob := f.AddUser("alice"), f.AddUser("bob")
	if _, cb := w.slash(t, f.GeneralChannel(), alice.ID, fakediscord.Sub("declare", fakediscord.Str("title", "db down"))); cb.Type != 4 {
		t.Fatalf("declare answered %+v", cb)
	}
	var ch string
	for _, c := range f.Channels() {
		if c.Type == fakediscord.ChannelText && strings.HasPrefix(c.Name, "inc-1-") {
			ch = c.ID
		}
	}
	if ch == "" {
		t.Fatalf("no incident channel in %+v", f.Channels())
	}
	say := func(user, text string) string {
		t.Helper()
		m, err := f.UserMessage(ch, user, text)
		if err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	w.clk.Advance(time.Minute)
	old := say(bob.ID, "rolled back 4811")
	// More than catchupMargin later, so that catching up reads old only in
	// the page before the cursor.
	w.clk.Advance(5 * time.Minute)
	recent := say(alice.ID, "EU drained")
	if err := f.EditMessage(ch, recent, "EU drained to US"); err != nil {
		t.Fatal(err)
	}
	wait(t, "the messages and the edit recorded live", func() bool {
		return tp.count(bot.MessagePosted, old) == 1 && tp.count(bot.MessagePosted, recent) == 1 && tp.count(bot.MessageEdited, recent) == 1
	})
	if err := w.a.stop(t); err != nil {
		t.Fatal(err)
	}

	// While the bot is down.
	w.clk.Advance(time.Minute)
	if err := f.EditHistory(ch, old, "rolled back 4812"); err != nil {
		t.Fatal(err)
	}
	m, err := f.AddHistory(ch, bob.ID, "tpyo")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.EditHistory(ch, m.ID, "typo fixed"); err != nil {
		t.Fatal(err)
	}
	editedAt := w.clk.Now()

	want := []string{
		fmt.Sprintf("message %s %q", old, "rolled back 4811"),
		fmt.Sprintf("message %s %q", recent, "EU drained"),
		fmt.Sprintf("edit %s %q was %q", recent, "EU drained to US", "EU drained"),
		fmt.Sprintf("edit %s %q was %q", old, "rolled back 4812", "rolled back 4811"),
		fmt.Sprintf("message %s %q", m.ID, "typo fixed"),
	}
	for n := 2; n <= 3; n++ {
		a, err := New(testOptions(t, f))
		if err != nil {
			t.Fatal(err)
		}
		r := runAdapter(t, f, a, tp)
		// Each run reads every edit back once more.
		wait(t, fmt.Sprintf("run %d to read the edits back", n), func() bool {
			return tp.count(bot.MessageEdited, old) == n-1 && tp.count(bot.MessageEdited, recent) == n &&
				tp.count(bot.MessageEdited, m.ID) == n-1
		})
		if err := r.stop(t); err != nil {
			t.Fatal(err)
		}
		var got []string
		if err := w.db.Timeline(t.Context(), 1, func(e *bot.Entry) error {
			switch e.Kind {
			case bot.EntryMessage:
				got = append(got, fmt.Sprintf("message %s %q", e.MessageID, e.Text))
			case bot.EntryEdit:
				got = append(got, fmt.Sprintf("edit %s %q was %q", e.MessageID, e.Text, e.Original))
				if e.MessageID == old && !e.At.Equal(editedAt) {
					t.Errorf("run %d: edit dated %v, want when it was made, %v", n, e.At, editedAt)
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("run %d: timeline:\n%s\nwant:\n%s", n, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// TestRestartThenClose: the bot stops, 2,000 messages are posted while it
// is down, it starts again and the incident is closed at once, while it is
// still catching up: all 2,000 are in the postmortem, each once.
func TestRestartThenClose(t *testing.T) {
	const n = 2000
	w := newWorld(t, nil)
	f := w.f
	alice, bob := f.AddUser("alice"), f.AddUser("bob")
	if _, cb := w.slash(t, f.GeneralChannel(), alice.ID, fakediscord.Sub("declare", fakediscord.Str("title", "payments down"))); cb.Type != 4 {
		t.Fatalf("declare answered %+v", cb)
	}
	inc, err := w.db.Incident(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.a.stop(t); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if _, err := f.AddHistory(inc.ChannelID, []string{alice.ID, bob.ID}[i%2], fmt.Sprintf("while down #%05d.", i)); err != nil {
			t.Fatal(err)
		}
	}
	a, err := New(testOptions(t, f))
	if err != nil {
		t.Fatal(err)
	}
	runAdapter(t, f, a, w.e)
	w.slash(t, inc.ChannelID, alice.ID, fakediscord.Sub("close"))
	var doc []byte
	wait(t, "the postmortem", func() bool {
		doc, err = w.db.Postmortem(t.Context(), inc.ID)
		return err == nil
	})
	missing, twice := 0, 0
	for i := range n {
		switch strings.Count(string(doc), fmt.Sprintf("while down #%05d.", i)) {
		case 0:
			missing++
		case 1:
		default:
			twice++
		}
	}
	if missing > 0 || twice > 0 {
		t.Errorf("of %d messages said while the bot was down, the postmortem misses %d and repeats %d", n, missing, twice)
	}
}
