package storetest

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

// longTimeline is more entries than a store is likely to read in one go, so
// that reading in chunks, if it does, shows.
const longTimeline = 2500

func testAppendOrder(t *testing.T, open Factory) {
	tests := []struct {
		name string
		in   []*bot.Entry // appended in this order; Text names the entry
		want []string
	}{
		{
			name: "in order",
			in:   []*bot.Entry{{At: at(0), Text: "a"}, {At: at(1), Text: "b"}, {At: at(2), Text: "c"}},
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
			s, _ := open(t)
			for _, id := range []int64{2, 1, 3} { // neighbours must not leak in
				for _, e := range tt.in {
					c := *e
					c.IncidentID, c.Kind = id, bot.EntryNote
					c.Text = fmt.Sprint(id, ":", e.Text)
					appendAll(t, s, &c)
				}
			}
			var want []string
			for _, w := range tt.want {
				want = append(want, "1:"+w)
			}
			if got := texts(timeline(t, s, 1)); !reflect.DeepEqual(got, want) {
				t.Errorf("timeline = %q, want %q", got, want)
			}
		})
	}
}

// testAppendRoundTrip: every field of an entry comes back from each reader
// as it was appended, with the Seq Append set.
func testAppendRoundTrip(t *testing.T, open Factory) {
	s, _ := open(t)
	ctx := t.Context()
	want := fullEntry(t, 1)
	stored, err := s.Append(ctx, want)
	if err != nil || !stored {
		t.Fatalf("Append = %v, %v; want true, nil", stored, err)
	}
	if want.Seq == 0 {
		t.Error("Append left Seq 0")
	}
	es := timeline(t, s, 1)
	if len(es) != 1 || !reflect.DeepEqual(es[0], want) {
		t.Fatalf("timeline = %+v, want [%+v]", es, want)
	}
	tail, total, err := s.TimelineTail(ctx, 1, 1)
	if err != nil || total != 1 || len(tail) != 1 || !reflect.DeepEqual(tail[0], want) {
		t.Errorf("TimelineTail = %+v, %d, %v; want [%+v], 1", tail, total, err, want)
	}
	if got, err := s.Message(ctx, 1, want.MessageID); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Message = %+v, %v; want %+v", got, err, want)
	}
}

// testAppendDedup: a second entry with the same non-empty key in the same
// incident is not stored, Append says so and gives it the first one's Seq.
func testAppendDedup(t *testing.T, open Factory) {
	s, _ := open(t)
	tests := []struct {
		e    bot.Entry
		want bool
	}{
		{bot.Entry{IncidentID: 1, At: t0, Kind: bot.EntryMessage, MessageID: "m1", Key: "msg:1", Text: "first"}, true},
		{bot.Entry{IncidentID: 1, At: t0, Kind: bot.EntryMessage, MessageID: "m1", Key: "msg:1", Text: "redelivered"}, false},
		{bot.Entry{IncidentID: 1, At: t0.Add(time.Hour), Kind: bot.EntryMessage, MessageID: "m1", Key: "msg:1", Text: "later, same key"}, false},
		{bot.Entry{IncidentID: 2, At: t0, Kind: bot.EntryMessage, Key: "msg:1", Text: "other incident"}, true},
		{bot.Entry{IncidentID: 1, At: t0, Kind: bot.EntryMessage, Key: "msg:2", Text: "other key"}, true},
		{bot.Entry{IncidentID: 1, At: t0, Kind: bot.EntryNote, Text: "no key"}, true},
		{bot.Entry{IncidentID: 1, At: t0, Kind: bot.EntryNote, Text: "no key"}, true},
	}
	first := map[string]uint64{}
	for i, tt := range tests {
		e := tt.e
		got, err := s.Append(t.Context(), &e)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("%d: Append(%q) = %v, want %v", i, e.Text, got, tt.want)
		}
		k := fmt.Sprint(e.IncidentID, "/", e.Key)
		if seq, ok := first[k]; ok && e.Key != "" && e.Seq != seq {
			t.Errorf("%d: duplicate got Seq %d, want the first entry's %d", i, e.Seq, seq)
		} else if !ok {
			first[k] = e.Seq
		}
	}
	if got, want := texts(timeline(t, s, 1)), []string{"first", "other key", "no key", "no key"}; !reflect.DeepEqual(got, want) {
		t.Errorf("timeline = %q, want %q", got, want)
	}
	if e, err := s.Message(t.Context(), 1, "m1"); err != nil || e.Text != "first" {
		t.Errorf("Message(m1) = %+v, %v; want the first delivery", e, err)
	}
}

func testAppendInvalid(t *testing.T, open Factory) {
	s, _ := open(t)
	if _, err := s.Append(t.Context(), &bot.Entry{Kind: bot.EntryNote}); err == nil {
		t.Error("Append without an incident id succeeded")
	}
}

// testAppendConcurrent appends from 200 goroutines, each key from two of
// them, and checks each key is stored exactly once.
func testAppendConcurrent(t *testing.T, open Factory) {
	s, _ := open(t)
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
				ok, err := s.Append(t.Context(), e)
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
	seen, seqs := map[string]bool{}, map[uint64]bool{}
	for _, e := range timeline(t, s, 1) {
		if seen[e.Key] || seqs[e.Seq] {
			t.Errorf("entry %s (seq %d) is in the timeline twice", e.Key, e.Seq)
		}
		seen[e.Key], seqs[e.Seq] = true, true
	}
	if len(seen) != keys {
		t.Errorf("timeline has %d keys, want %d", len(seen), keys)
	}
}

// testTimelineLong: a long timeline appended concurrently and out of time
// order reads back whole and in order, and only its own incident's.
func testTimelineLong(t *testing.T, open Factory) {
	s, _ := open(t)
	const n = longTimeline
	appendConcurrently(t, s, n, func(i int) *bot.Entry {
		return &bot.Entry{IncidentID: 1, At: t0.Add(time.Duration(n-i) * time.Second), Kind: bot.EntryNote, Text: fmt.Sprint(n - i)}
	})
	appendAll(t, s, &bot.Entry{IncidentID: 2, At: t0, Kind: bot.EntryNote, Text: "next incident"})
	es := timeline(t, s, 1)
	if len(es) != n {
		t.Fatalf("timeline has %d entries, want %d", len(es), n)
	}
	for i, e := range es {
		if want := fmt.Sprint(i + 1); e.Text != want {
			t.Fatalf("entry %d is %q, want %q", i, e.Text, want)
		}
	}
	if es := timeline(t, s, 3); len(es) != 0 {
		t.Errorf("timeline of an incident with no entries = %d entries", len(es))
	}
}

// testTimelineStops: Timeline stops at fn's first error and returns it
// unchanged.
func testTimelineStops(t *testing.T, open Factory) {
	s, _ := open(t)
	for i := range 10 {
		appendAll(t, s, &bot.Entry{IncidentID: 1, At: t0.Add(time.Duration(i)), Kind: bot.EntryNote})
	}
	stop := errors.New("stop")
	calls := 0
	err := s.Timeline(t.Context(), 1, func(*bot.Entry) error {
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

// testTimelineCallbackWrites: fn may write to the store while Timeline
// reads (the engine copies entries as it walks).
func testTimelineCallbackWrites(t *testing.T, open Factory) {
	s, _ := open(t)
	ctx := t.Context()
	const n = longTimeline
	appendConcurrently(t, s, n, func(i int) *bot.Entry {
		return &bot.Entry{IncidentID: 1, At: t0.Add(time.Duration(i)), Kind: bot.EntryNote}
	})
	i := 0
	err := s.Timeline(ctx, 1, func(e *bot.Entry) error {
		defer func() { i++ }()
		if i%500 != 0 {
			return nil
		}
		_, err := s.Append(ctx, &bot.Entry{IncidentID: 2, At: e.At, Kind: bot.EntryNote, Text: "copy"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if i != n {
		t.Errorf("Timeline called fn %d times, want %d", i, n)
	}
	if got, want := len(timeline(t, s, 2)), n/500; got != want {
		t.Errorf("copied %d entries, want %d", got, want)
	}
}

func testTimelineTail(t *testing.T, open Factory) {
	s, _ := open(t)
	// Incident 2 has 10 entries, appended out of time order; 1 and 3 are
	// its neighbours and must not leak in; 4 has none.
	for _, id := range []int64{1, 2, 3} {
		for _, i := range []int{3, 0, 9, 1, 2, 8, 4, 7, 5, 6} {
			appendAll(t, s, &bot.Entry{IncidentID: id, Kind: bot.EntryNote, At: at(i), Text: fmt.Sprint(id, ":", i)})
		}
	}
	tests := []struct {
		id    int64
		n     int
		want  []string
		total int
	}{
		{2, 3, []string{"2:7", "2:8", "2:9"}, 10},
		{2, 1, []string{"2:9"}, 10},
		{2, 0, nil, 10},
		{2, 50, []string{"2:0", "2:1", "2:2", "2:3", "2:4", "2:5", "2:6", "2:7", "2:8", "2:9"}, 10},
		{1, 2, []string{"1:8", "1:9"}, 10},
		{3, 2, []string{"3:8", "3:9"}, 10},
		{4, 5, nil, 0},
		{0, 5, nil, 0},
	}
	for _, tt := range tests {
		got, total, err := s.TimelineTail(t.Context(), tt.id, tt.n)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(texts(got)) != fmt.Sprint(tt.want) || total != tt.total {
			t.Errorf("TimelineTail(%d, %d) = %v, %d; want %v, %d", tt.id, tt.n, texts(got), total, tt.want, tt.total)
		}
	}
}

// testMessage: Message finds the latest version (by time) of a message,
// an edit or a file, not deletions or pins.
func testMessage(t *testing.T, open Factory) {
	s, _ := open(t)
	appendAll(t, s,
		&bot.Entry{IncidentID: 1, At: at(1), Kind: bot.EntryMessage, MessageID: "m1", Text: "v1"},
		&bot.Entry{IncidentID: 1, At: at(2), Kind: bot.EntryEdit, MessageID: "m1", Text: "v2", Original: "v1"},
		&bot.Entry{IncidentID: 1, At: at(3), Kind: bot.EntryDelete, MessageID: "m1", Original: "v2"},
		&bot.Entry{IncidentID: 1, At: at(4), Kind: bot.EntryPin, MessageID: "m1"},
		// the original delivered late, after its edit
		&bot.Entry{IncidentID: 1, At: at(1), Kind: bot.EntryMessage, MessageID: "m2", Text: "late edit first"},
		&bot.Entry{IncidentID: 1, At: at(0), Kind: bot.EntryMessage, MessageID: "m2", Text: "late original"},
		&bot.Entry{IncidentID: 1, At: at(5), Kind: bot.EntryFile, MessageID: "F1", Text: "graph.png"},
		// an id that is a prefix of another's
		&bot.Entry{IncidentID: 1, At: at(6), Kind: bot.EntryMessage, MessageID: "m10", Text: "ten"},
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
		{1, "m10", "ten"},
		{2, "m1", "other incident"},
		{1, "m3", ""},
		{1, "m", ""},
		{3, "m1", ""},
	}
	for _, tt := range tests {
		e, err := s.Message(t.Context(), tt.incident, tt.message)
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

func testLastMessage(t *testing.T, open Factory) {
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
		{"other incidents do not", []*bot.Entry{
			{At: at(1), Kind: bot.EntryMessage, MessageID: "m1", Text: "mine"},
			{IncidentID: 2, At: at(2), Kind: bot.EntryMessage, MessageID: "m2", Text: "theirs"},
		}, "mine"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := open(t)
			for _, e := range tt.in {
				if e.IncidentID == 0 {
					e.IncidentID = 1
				}
			}
			appendAll(t, s, tt.in...)
			e, err := s.LastMessage(t.Context(), 1)
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

// testLastMessageConcurrent: the last message when appends made at once
// arrive out of time order, in two incidents.
func testLastMessageConcurrent(t *testing.T, open Factory) {
	s, _ := open(t)
	const n = 300
	perm := rand.New(rand.NewPCG(7, 8)).Perm(n)
	appendConcurrently(t, s, n, func(i int) *bot.Entry {
		kind := bot.EntryMessage
		if i%3 == 0 {
			kind = bot.EntryNote // bot entries never count
		}
		return &bot.Entry{IncidentID: int64(1 + i%2), At: t0.Add(time.Duration(perm[i]) * time.Second),
			Kind: kind, MessageID: fmt.Sprint("m", i), Text: fmt.Sprint(perm[i])}
	})
	for _, id := range []int64{1, 2} {
		var want *bot.Entry
		for _, e := range timeline(t, s, id) {
			if e.Kind == bot.EntryMessage {
				want = e // the last in time order
			}
		}
		got, err := s.LastMessage(t.Context(), id)
		if err != nil || got.Text != want.Text {
			t.Errorf("LastMessage(%d) = %+v, %v; want %q", id, got, err, want.Text)
		}
	}
}

// appendConcurrently appends n entries made by entry, all at once.
func appendConcurrently(t *testing.T, s bot.Store, n int, entry func(i int) *bot.Entry) {
	t.Helper()
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if _, err := s.Append(t.Context(), entry(i)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}
