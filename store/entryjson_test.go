package store

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// tricky are strings that JSON escapes or that are easy to get wrong.
var tricky = []string{
	"", "plain", `say "hi"`, `back\slash`, "a/b", "<b>&amp;</b>", "line\nbreak\r\ttab",
	"\x00\x01\x1f", "naïve café", "日本語", "emoji 🔥🚒", "\u2028\u2029", "\ufffd",
	"bad utf8 \xff\xfe", "@channel <!here>", strings.Repeat("long ", 400),
}

func randomEntry(r *rand.Rand) *bot.Entry {
	pick := func() string { return tricky[r.IntN(len(tricky))] }
	kinds := []bot.EntryKind{bot.EntryMessage, bot.EntryEdit, bot.EntryNote, "custom-kind", "", bot.EntryKind(pick())}
	zones := []*time.Location{time.UTC, time.FixedZone("", 3600), time.FixedZone("", -5*3600-1800)}
	return &bot.Entry{
		IncidentID: r.Int64N(1 << 40),
		Seq:        r.Uint64N(1 << 40),
		At:         time.Unix(r.Int64N(4e9), r.Int64N(1e9)).In(zones[r.IntN(len(zones))]),
		Kind:       kinds[r.IntN(len(kinds))],
		Author:     pick(), AuthorName: pick(), MessageID: pick(), Key: pick(),
		Text: pick(), Original: pick(),
		KeyEvent: r.IntN(2) == 0, Bot: r.IntN(2) == 0, Thread: pick(), ThreadID: pick(),
	}
}

// TestEntryDecoderFastPath checks that every entry json.Marshal writes
// takes the fast path and decodes as json.Unmarshal decodes it.
func TestEntryDecoderFastPath(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var d entryDecoder
	for i := range 2000 {
		in := randomEntry(r)
		v, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		var want, got bot.Entry
		if err := json.Unmarshal(v, &want); err != nil {
			t.Fatal(err)
		}
		want.IncidentID, want.Seq = 0, 0
		if !d.fast(v, &got) {
			t.Fatalf("entry %d took the slow path: %s", i, v)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("entry %d: %s\nfast decoded %+v\njson decoded %+v", i, v, got, want)
		}
	}
}

func TestEntryDecoder(t *testing.T) {
	key := timelineKey(7, t0, 42)
	tests := []struct {
		name string
		v    string
		fast bool // whether the fast path takes it
	}{
		{"empty", `{}`, true},
		{"spaces", " {\n\t\"text\" : \"a\" ,\r\n \"bot\":true } ", true},
		{"all fields", `{"incident_id":1,"seq":0,"at":"2024-03-05T14:00:00.5+01:00","kind":"edit","author":"U1","author_name":"al","message_id":"m","key":"k","text":"t","original":"o","key_event":true,"bot":false}`, true},
		{"thread", `{"kind":"message","author":"U1","message_id":"m","text":"t","thread":"db \u0026 cache"}`, true},
		{"slack reply", `{"kind":"message","author":"U1","message_id":"m","text":"t","thread":"\"a b…\"","thread_id":"1700000000.000100"}`, true},
		{"written before threads", `{"incident_id":1,"seq":0,"at":"2024-03-05T14:00:00Z","kind":"message","author":"U1","message_id":"m","text":"t"}`, true},
		{"escapes", `{"text":"\u003cb\u003e \"q\" \\ \/ \b\f\n\r\t \u00e9 \ud83d\udd25"}`, true},
		{"escaped kind", `{"kind":"m\u0065ssage"}`, true},
		{"unknown then known kind", `{"kind":"x\n","kind":"note"}`, true},
		{"duplicate field", `{"text":"a","text":"b"}`, true},
		{"unknown field", `{"text":"a","extra":1}`, false},
		{"field in other case", `{"Text":"a"}`, false},
		{"null", `{"text":null}`, false},
		{"number with fraction", `{"seq":1.0}`, false},
		{"negative seq", `{"seq":-1}`, false},
		{"leading zero", `{"incident_id":01}`, false},
		{"huge number", `{"incident_id":12345678901234567890}`, false},
		{"lone surrogate", `{"text":"\ud800"}`, false},
		{"bad escape", `{"text":"\x"}`, false},
		{"raw control character", "{\"text\":\"a\x01\"}", false},
		{"invalid utf8", "{\"text\":\"\xff\"}", false},
		{"bad time", `{"at":"yesterday"}`, false},
		{"trailing comma", `{"text":"a",}`, false},
		{"trailing data", `{"text":"a"}x`, false},
		{"not an object", `["text"]`, false},
		{"truncated", `{"text":"a`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d entryDecoder
			var fast bot.Entry
			if got := d.fast([]byte(tt.v), &fast); got != tt.fast {
				t.Errorf("fast path = %v, want %v", got, tt.fast)
			}
			var want bot.Entry
			wantErr := json.Unmarshal([]byte(tt.v), &want)
			want.IncidentID, want.Seq = 7, 42

			var got bot.Entry
			got.Text = "left over from the last entry"
			err := d.decode(key, []byte(tt.v), &got)
			if (err != nil) != (wantErr != nil) {
				t.Fatalf("decode error = %v, json.Unmarshal error = %v", err, wantErr)
			}
			if err == nil && !reflect.DeepEqual(got, want) {
				t.Errorf("decoded %+v\nwant    %+v", got, want)
			}
		})
	}
}

// FuzzEntryDecoder checks that whatever the fast path accepts, it decodes
// as json.Unmarshal does.
func FuzzEntryDecoder(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		v, _ := json.Marshal(randomEntry(r))
		f.Add(v)
	}
	f.Add([]byte(`{"text":"\ud83d\udd25","kind":"x","kind":"note"}`))
	f.Fuzz(func(t *testing.T, v []byte) {
		var d entryDecoder
		var got bot.Entry
		if !d.fast(v, &got) {
			return
		}
		var want bot.Entry
		if err := json.Unmarshal(v, &want); err != nil {
			t.Fatalf("fast path took %q, which json.Unmarshal rejects: %v", v, err)
		}
		want.IncidentID, want.Seq = 0, 0
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q\nfast decoded %+v\njson decoded %+v", v, got, want)
		}
	})
}

// TestEncodeEntry checks that encodeEntry writes what json.Marshal writes.
func TestEncodeEntry(t *testing.T) {
	if !entryShapeKnown {
		t.Fatal("bot.Entry has changed: teach encodeEntry and entryDecoder its new fields")
	}
	full := new(bot.Entry)
	n := 0
	fill(reflect.ValueOf(full).Elem(), &n)
	entries := []*bot.Entry{{}, full, {At: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)}}
	r := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		entries = append(entries, randomEntry(r))
	}
	for _, e := range entries {
		c := *e
		c.Seq = 0
		want, wantErr := json.Marshal(&c)
		got, err := encodeEntry(e)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("encodeEntry(%+v) error = %v, json.Marshal error = %v", e, err, wantErr)
		}
		if string(got) != string(want) {
			t.Fatalf("encodeEntry(%+v) =\n%s\nwant\n%s", e, got, want)
		}
	}
}

// FuzzEncodeEntry checks encodeEntry against json.Marshal on any text.
func FuzzEncodeEntry(f *testing.F) {
	for _, s := range tricky {
		f.Add(s, s, int64(0))
	}
	f.Fuzz(func(t *testing.T, text, author string, ns int64) {
		e := &bot.Entry{IncidentID: ns, At: time.Unix(0, ns).UTC(), Kind: bot.EntryKind(author), Author: author, Text: text, Original: text}
		want, wantErr := json.Marshal(e)
		got, err := encodeEntry(e)
		if (err != nil) != (wantErr != nil) || string(got) != string(want) {
			t.Fatalf("encodeEntry = %s, %v\njson.Marshal = %s, %v", got, err, want, wantErr)
		}
	})
}
