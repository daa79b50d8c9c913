package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

func TestAppendOrder(t *testing.T) {
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	tests := []struct {
		name string
		// appended in this order; Text names the entry
		in   []*bot.Entry
		want []string
	}{
		{
			name: "in order",
			in: []*bot.Entry{
				{At: at(0), Text: "a"}, {At: at(1), Text: "b"}, {At: at(2), Text: "c"},
			},
			want: []string{"a", "b", "c"},
		},
		{
			name: "backfilled older messages slot in",
			in: []*bot.Entry{
				{At: at(5), Text: "e"}, {At: at(1), Text: "a"}, {At: at(9), Text: "f"}, {At: at(3), Text: "c"}, {At: at(2), Text: "b"},
			},
			want: []string{"a", "b", "c", "e", "f"},
		},
		{
			name: "equal times keep append order",
			in: []*bot.Entry{
				{At: at(1), Text: "x1"}, {At: at(0), Text: "first"}, {At: at(1), Text: "x2"}, {At: at(1), Text: "x3"},
			},
			want: []string{"first", "x1", "x2", "x3"},
		},
		{
			name: "times before 1970 and zero times sort first",
			in: []*bot.Entry{
				{At: at(0), Text: "now"}, {At: time.Date(1969, 7, 20, 20, 17, 0, 0, time.UTC), Text: "moon"}, {Text: "zero"},
			},
			want: []string{"moon", "zero", "now"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t)
			for _, id := range []int64{2, 1, 3} { // neighbours must not leak in
				for _, e := range tt.in {
					c := *e
					c.IncidentID, c.Kind = id, bot.EntryNote
					c.Text = fmt.Sprint(id, ":", e.Text)
					appendAll(t, db, &c)
				}
			}
			var got []string
			for _, e := range timeline(t, db, 1) {
				got = append(got, e.Text)
			}
			var want []string
			for _, s := range tt.want {
				want = append(want, "1:"+s)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("timeline = %q, want %q", got, want)
			}
		})
	}
}

func TestAppendRoundTrip(t *testing.T) {
	db := openTest(t)
	e := &bot.Entry{
		IncidentID: 7, At: t0.Add(1234567 * time.Nanosecond), Kind: bot.EntryEdit,
		Author: "U1", AuthorName: "alice", MessageID: "171.2", Key: "edit:171.2:1",
		Text: "new", Original: "old", KeyEvent: true, Bot: true,
	}
	stored, err := db.Append(t.Context(), e)
	if err != nil || !stored {
		t.Fatalf("Append = %v, %v", stored, err)
	}
	if e.Seq == 0 {
		t.Error("Append did not set Seq")
	}
	es := timeline(t, db, 7)
	if len(es) != 1 || !reflect.DeepEqual(es[0], e) {
		t.Errorf("timeline = %+v, want [%+v]", es, e)
	}
	if m, err := db.Message(t.Context(), 7, "171.2"); err != nil || !reflect.DeepEqual(m, e) {
		t.Errorf("Message = %+v, %v; want %+v", m, err, e)
	}
}

func TestAppendDedup(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	tests := []struct {
		e    bot.Entry
		want bool
	}{
		{bot.Entry{IncidentID: 1, At: t0, Kind: bot.EntryMessage, Key: "msg:1", Text: "first"}, true},
		{bot.Entry{IncidentID: 1, At: t0, Kind: bot.EntryMessage, Key: "msg:1", Text: "redelivered"}, false},
		{bot.Entry{IncidentID: 1, At: t0.Add(time.Hour), Kind: bot.EntryMessage, Key: "msg:1", Text: "later, same key"}, false},
		{bot.Entry{IncidentID: 2, At: t0, Kind: bot.EntryMessage, Key: "msg:1", Text: "other incident"}, true},
		{bot.Entry{IncidentID: 1, At: t0, Kind: bot.EntryMessage, Key: "msg:2", Text: "other key"}, true},
		{bot.Entry{IncidentID: 1, At: t0, Kind: bot.EntryNote, Text: "no key"}, true},
		{bot.Entry{IncidentID: 1, At: t0, Kind: bot.EntryNote, Text: "no key"}, true},
	}
	seqs := map[string]uint64{}
	for i, tt := range tests {
		e := tt.e
		got, err := db.Append(ctx, &e)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("%d: Append(%q) = %v, want %v", i, e.Text, got, tt.want)
		}
		k := fmt.Sprint(e.IncidentID, e.Key)
		if first, ok := seqs[k]; ok && e.Key != "" && e.Seq != first {
			t.Errorf("%d: duplicate got Seq %d, want the first entry's %d", i, e.Seq, first)
		} else if !ok {
			seqs[k] = e.Seq
		}
	}
	var texts []string
	for _, e := range timeline(t, db, 1) {
		texts = append(texts, e.Text)
	}
	if want := []string{"first", "other key", "no key", "no key"}; !reflect.DeepEqual(texts, want) {
		t.Errorf("timeline = %q, want %q", texts, want)
	}
}

func TestMessage(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	appendAll(t, db,
		&bot.Entry{IncidentID: 1, At: at(1), Kind: bot.EntryMessage, MessageID: "m1", Text: "v1"},
		&bot.Entry{IncidentID: 1, At: at(2), Kind: bot.EntryEdit, MessageID: "m1", Text: "v2", Original: "v1"},
		&bot.Entry{IncidentID: 1, At: at(3), Kind: bot.EntryDelete, MessageID: "m1", Original: "v2"},
		&bot.Entry{IncidentID: 1, At: at(4), Kind: bot.EntryPin, MessageID: "m1"},
		// the original delivered late, after its edit
		&bot.Entry{IncidentID: 1, At: at(1), Kind: bot.EntryMessage, MessageID: "m2", Text: "late edit first"},
		&bot.Entry{IncidentID: 1, At: at(0), Kind: bot.EntryMessage, MessageID: "m2", Text: "late original"},
		&bot.Entry{IncidentID: 1, At: at(5), Kind: bot.EntryFile, MessageID: "F1", Text: "graph.png"},
		&bot.Entry{IncidentID: 2, At: at(9), Kind: bot.EntryMessage, MessageID: "m1", Text: "other incident"},
	)
	tests := []struct {
		incident int64
		message  string
		want     string // "" means not found
	}{
		{1, "m1", "v2"},
		{1, "m2", "late edit first"},
		{1, "F1", "graph.png"},
		{2, "m1", "other incident"},
		{1, "m3", ""},
		{3, "m1", ""},
	}
	for _, tt := range tests {
		e, err := db.Message(ctx, tt.incident, tt.message)
		switch {
		case tt.want == "" && !errors.Is(err, bot.ErrNotFound):
			t.Errorf("Message(%d, %q) = %+v, %v; want not found", tt.incident, tt.message, e, err)
		case tt.want != "" && err != nil:
			t.Errorf("Message(%d, %q): %v", tt.incident, tt.message, err)
		case tt.want != "" && (e.Text != tt.want || e.IncidentID != tt.incident || e.Seq == 0):
			t.Errorf("Message(%d, %q) = %+v, want text %q", tt.incident, tt.message, e, tt.want)
		}
	}
}

func TestLastMessage(t *testing.T) {
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	tests := []struct {
		name string
		in   []*bot.Entry
		want string // "" means not found
	}{
		{"none", nil, ""},
		{"bot entries only", []*bot.Entry{
			{At: at(1), Kind: bot.EntryDeclared, Text: "declared", Bot: true},
			{At: at(2), Kind: bot.EntryReminder, Text: "remind", Bot: true},
		}, ""},
		{"latest by time", []*bot.Entry{
			{At: at(1), Kind: bot.EntryMessage, MessageID: "m1", Text: "one"},
			{At: at(3), Kind: bot.EntryMessage, MessageID: "m3", Text: "three"},
			{At: at(2), Kind: bot.EntryMessage, MessageID: "m2", Text: "two, backfilled"},
		}, "three"},
		{"files count, edits and bot entries do not", []*bot.Entry{
			{At: at(1), Kind: bot.EntryMessage, MessageID: "m1", Text: "one"},
			{At: at(2), Kind: bot.EntryFile, MessageID: "F1", Text: "file"},
			{At: at(3), Kind: bot.EntryEdit, MessageID: "m1", Text: "edit"},
			{At: at(4), Kind: bot.EntryUpdate, Text: "update", Bot: true},
			{At: at(5), Kind: bot.EntryJoin, Text: "join"},
		}, "file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t)
			for _, e := range tt.in {
				e.IncidentID = 1
			}
			appendAll(t, db, tt.in...)
			e, err := db.LastMessage(t.Context(), 1)
			switch {
			case tt.want == "" && !errors.Is(err, bot.ErrNotFound):
				t.Errorf("LastMessage = %+v, %v; want not found", e, err)
			case tt.want != "" && err != nil:
				t.Error(err)
			case tt.want != "" && e.Text != tt.want:
				t.Errorf("LastMessage = %q, want %q", e.Text, tt.want)
			}
		})
	}
}

func TestTimelineChunks(t *testing.T) {
	db := openTest(t)
	const n = 2*scanChunk + 17
	appendConcurrently(t, db, n, func(i int) *bot.Entry {
		return &bot.Entry{IncidentID: 1, At: t0.Add(time.Duration(n-i) * time.Second), Kind: bot.EntryNote, Text: fmt.Sprint(n - i)}
	})
	appendAll(t, db, &bot.Entry{IncidentID: 2, At: t0, Kind: bot.EntryNote, Text: "next incident"})
	es := timeline(t, db, 1)
	if len(es) != n {
		t.Fatalf("timeline has %d entries, want %d", len(es), n)
	}
	for i, e := range es {
		if want := fmt.Sprint(i + 1); e.Text != want {
			t.Fatalf("entry %d is %q, want %q", i, e.Text, want)
		}
	}
}

func TestTimelineStops(t *testing.T) {
	db := openTest(t)
	for i := range 10 {
		appendAll(t, db, &bot.Entry{IncidentID: 1, At: t0.Add(time.Duration(i)), Kind: bot.EntryNote})
	}
	stop := errors.New("stop")
	calls := 0
	err := db.Timeline(t.Context(), 1, func(*bot.Entry) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if err != stop || calls != 3 {
		t.Errorf("Timeline = %v after %d calls, want %v after 3", err, calls, stop)
	}
}

// TestTimelineCallbackWrites checks that fn may write to the store: it runs
// outside the read transaction.
func TestTimelineCallbackWrites(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	const n = scanChunk + 1
	appendConcurrently(t, db, n, func(i int) *bot.Entry {
		return &bot.Entry{IncidentID: 1, At: t0.Add(time.Duration(i)), Kind: bot.EntryNote}
	})
	i := 0
	err := db.Timeline(ctx, 1, func(e *bot.Entry) error {
		defer func() { i++ }()
		if i%(scanChunk/2) != 0 {
			return nil
		}
		_, err := db.Append(ctx, &bot.Entry{IncidentID: 2, At: e.At, Kind: bot.EntryNote, Text: "copy"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if i != n {
		t.Errorf("Timeline called fn %d times, want %d", i, n)
	}
	if got := len(timeline(t, db, 2)); got != 3 {
		t.Errorf("copied %d entries, want 3", got)
	}
}

// TestConcurrentAppend appends from 200 goroutines, each key from two of
// them, and checks each key is stored exactly once.
func TestConcurrentAppend(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	const writers, perWriter = 200, 10
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		stored = map[string]int{}
	)
	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				key := fmt.Sprintf("k%d-%d", w/2, i) // writers 2n and 2n+1 share keys
				e := &bot.Entry{IncidentID: 1, At: t0.Add(time.Duration(i) * time.Millisecond), Kind: bot.EntryMessage,
					MessageID: key, Key: key, Text: key}
				ok, err := db.Append(ctx, e)
				if err != nil {
					t.Error(err)
					return
				}
				if ok {
					mu.Lock()
					stored[key]++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	const keys = writers / 2 * perWriter
	if len(stored) != keys {
		t.Errorf("%d keys reported stored, want %d", len(stored), keys)
	}
	for k, n := range stored {
		if n != 1 {
			t.Errorf("key %s reported stored %d times", k, n)
		}
	}
	seen := map[string]bool{}
	seqs := map[uint64]bool{}
	for _, e := range timeline(t, db, 1) {
		if seen[e.Key] || seqs[e.Seq] {
			t.Errorf("entry %s (seq %d) is in the timeline twice", e.Key, e.Seq)
		}
		seen[e.Key], seqs[e.Seq] = true, true
	}
	if len(seen) != keys {
		t.Errorf("timeline has %d keys, want %d", len(seen), keys)
	}
}

func TestAppendInvalid(t *testing.T) {
	db := openTest(t)
	if _, err := db.Append(t.Context(), &bot.Entry{Kind: bot.EntryNote}); err == nil {
		t.Error("Append without an incident id succeeded")
	}
}

// TestLastMessageShared checks the last message when appends that share
// commits arrive out of time order, in two incidents.
func TestLastMessageShared(t *testing.T) {
	db := openTest(t)
	const n = 300
	perm := rand.New(rand.NewPCG(7, 8)).Perm(n)
	appendConcurrently(t, db, n, func(i int) *bot.Entry {
		kind := bot.EntryMessage
		if i%3 == 0 {
			kind = bot.EntryNote // bot entries never count
		}
		return &bot.Entry{IncidentID: int64(1 + i%2), At: t0.Add(time.Duration(perm[i]) * time.Second),
			Kind: kind, MessageID: fmt.Sprint("m", i), Text: fmt.Sprint(perm[i])}
	})
	for _, id := range []int64{1, 2} {
		var want *bot.Entry
		for _, e := range timeline(t, db, id) {
			if e.Kind == bot.EntryMessage {
				want = e // the last in time order
			}
		}
		got, err := db.LastMessage(t.Context(), id)
		if err != nil || got.Text != want.Text {
			t.Errorf("LastMessage(%d) = %+v, %v; want %q", id, got, err, want.Text)
		}
	}
}
