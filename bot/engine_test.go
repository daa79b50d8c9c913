package bot_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/commands"
	"github.com/warroom-dev/warroom/postmortem"
	"github.com/warroom-dev/warroom/store"
)

var t0 = time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)

// harness is an engine on a real store in a temp dir, a manual clock and a
// recording chat.
type harness struct {
	t     *testing.T
	ctx   context.Context
	db    *store.DB
	path  string
	clock *bot.ManualClock
	chat  *recorder
	e     *bot.Engine
	// config, if set, adjusts the engine's config at each (re)open.
	config func(*bot.Config)
	// finder, if set, is the engine's finder of similar incidents.
	finder bot.Finder
	// store, if set, wraps the store the engine is given at each (re)open.
	store func(bot.Store) bot.Store
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	h := &harness{t: t, ctx: context.Background(), path: path, clock: bot.NewManualClock(t0), chat: newRecorder()}
	h.open()
	return h
}

// open (re)opens the store and builds a fresh engine on it, as a restart would.
func (h *harness) open() {
	h.t.Helper()
	db, err := store.Open(h.path, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { db.Close() })
	h.db = db
	cfg := bot.DefaultConfig()
	if h.config != nil {
		h.config(&cfg)
	}
	var s bot.Store = db
	if h.store != nil {
		s = h.store(db)
	}
	h.e = bot.New(bot.Options{Store: s, Chat: h.chat, Parser: commands.Parse, Postmortem: postmortem.Write, Clock: h.clock,
		Config: cfg, Log: zerolog.Nop(), Finder: h.finder})
}

// restart closes the store and opens a new engine on the same file.
func (h *harness) restart() {
	h.t.Helper()
	if err := h.db.Close(); err != nil {
		h.t.Fatal(err)
	}
	h.open()
}

// cmd runs a command and fails the test if it did not work.
func (h *harness) cmd(user, channel, text string) bot.Response {
	h.t.Helper()
	r := h.e.Command(h.ctx, bot.Request{User: user, ChannelID: channel, Text: text})
	if r.Code != "" {
		h.t.Fatalf("/incident %s: %s: %s", text, r.Code, r.Text)
	}
	return r
}

// declare declares an incident from #ops and returns it.
func (h *harness) declare(text string) *bot.Incident {
	h.t.Helper()
	h.cmd("alice", "ops", "declare "+text)
	incs, err := h.db.Incidents(h.ctx, false)
	if err != nil || len(incs) == 0 {
		h.t.Fatalf("no incident after declare: %v", err)
	}
	return incs[len(incs)-1]
}

func (h *harness) incident(id int64) *bot.Incident {
	h.t.Helper()
	inc, err := h.db.Incident(h.ctx, id)
	if err != nil {
		h.t.Fatal(err)
	}
	return inc
}

func (h *harness) timeline(id int64) []bot.Entry {
	h.t.Helper()
	var out []bot.Entry
	if err := h.db.Timeline(h.ctx, id, func(e *bot.Entry) error { out = append(out, *e); return nil }); err != nil {
		h.t.Fatal(err)
	}
	return out
}

func (h *harness) say(user, channel, id, text string) {
	h.t.Helper()
	if err := h.e.Record(h.ctx, bot.Event{Kind: bot.MessagePosted, ChannelID: channel, MessageID: id, User: user, At: h.clock.Now(), Text: text}); err != nil {
		h.t.Fatal(err)
	}
}

func TestDeclare(t *testing.T) {
	h := newHarness(t)
	inc := h.declare(`"Checkout errors in EU" --sev P1`)
	if inc.Title != "Checkout errors in EU" || inc.Severity != bot.P1 || inc.Status != bot.StatusInvestigating {
		t.Errorf("incident = %q %s %s", inc.Title, inc.Severity, inc.Status)
	}
	if inc.ChannelID != "C1" || inc.ChannelName != "inc-1-checkout-errors-in-eu" {
		t.Errorf("channel = %s %s", inc.ChannelID, inc.ChannelName)
	}
	if got := inc.Holder(bot.RoleCommander); got != "alice" {
		t.Errorf("IC = %q, want the declarer", got)
	}
	if !inc.Milestones.Declared.Equal(t0) {
		t.Errorf("declared at %v", inc.Milestones.Declared)
	}
	if want := t0.Add(30 * time.Minute); !inc.Reminder.Due.Equal(want) {
		t.Errorf("first update due %v, want %v (P1: 30m)", inc.Reminder.Due, want)
	}
	if !strings.Contains(h.chat.topics["C1"], "P1") || !strings.Contains(h.chat.topics["C1"], "IC: alice") {
		t.Errorf("topic = %q", h.chat.topics["C1"])
	}
	intro := h.chat.posts[0]
	if intro.channel != "C1" || !intro.Pin || len(intro.Buttons) != 3 {
		t.Errorf("intro = %+v", intro)
	}
	if h.chat.count("ops", "INC-1") != 1 {
		t.Errorf("no announcement in #ops: %q", h.chat.postsIn("ops"))
	}
	if got := h.chat.invited["C1"]; len(got) != 1 || got[0] != "alice" {
		t.Errorf("invited %v", got)
	}

	// Default severity is P2; a title alone works unquoted.
	inc2 := h.declare("db replica lag")
	if inc2.Severity != bot.P2 || inc2.Title != "db replica lag" || inc2.ID != 2 {
		t.Errorf("second incident = %d %q %s", inc2.ID, inc2.Title, inc2.Severity)
	}
}

func TestCommandErrors(t *testing.T) {
	h := newHarness(t)
	h.declare("api down --sev P0")
	tests := []struct {
		channel, text, code, says string
	}{
		{"ops", "ack", bot.EInvalid, "not an incident channel"},
		{"ops", "ack --id 7", bot.ENotFound, "no incident INC-7"},
		{"C1", "sev P7", bot.EInvalid, "P7"},
		{"C1", "frobnicate", bot.EInvalid, "frobnicate"},
		{"C1", "role boss @bob", bot.EInvalid, "boss"},
		{"C1", "update", bot.EInvalid, "needs some text"},
		{"ops", "declare", bot.EInvalid, "title"},
		{"C1", "action done 3", bot.ENotFound, "no action #3"},
		{"C1", "reopen", bot.ERefused, "only the incident commander (<@alice>)"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r := h.e.Command(h.ctx, bot.Request{User: "bob", ChannelID: tt.channel, Text: tt.text})
			if r.Code != tt.code || !strings.Contains(strings.ToLower(r.Text), strings.ToLower(tt.says)) {
				t.Errorf("got %s %q, want %s containing %q", r.Code, r.Text, tt.code, tt.says)
			}
		})
	}
	// --id works from anywhere.
	h.cmd("bob", "ops", "ack --id 1")
	if h.incident(1).Milestones.Acknowledged.IsZero() {
		t.Error("ack --id 1 did not acknowledge INC-1")
	}
}

func TestForms(t *testing.T) {
	h := newHarness(t)
	r := h.e.Command(h.ctx, bot.Request{User: "alice", ChannelID: "ops", Text: "declare", Forms: true})
	if r.Form == nil || r.Form.Kind != bot.FormDeclare {
		t.Fatalf("declare with no title on a platform with forms: %+v", r)
	}
	errs, err := h.e.Submit(h.ctx, bot.Submission{Kind: bot.FormDeclare, ChannelID: "ops", User: "alice", Values: map[string]string{"severity": "P9"}})
	if err != nil || errs["title"] == "" || errs["severity"] == "" {
		t.Fatalf("bad declare form: errs %v, err %v", errs, err)
	}
	errs, err = h.e.Submit(h.ctx, bot.Submission{Kind: bot.FormDeclare, ChannelID: "ops", User: "alice",
		Values: map[string]string{"title": "Search is slow", "severity": "P1"}})
	if err != nil || len(errs) != 0 {
		t.Fatalf("declare form: errs %v, err %v", errs, err)
	}
	inc := h.incident(1)
	if inc.Title != "Search is slow" || inc.Severity != bot.P1 {
		t.Errorf("declared %q %s", inc.Title, inc.Severity)
	}

	r = h.e.Command(h.ctx, bot.Request{User: "alice", ChannelID: "C1", Text: "update", Forms: true})
	if r.Form == nil || r.Form.Kind != bot.FormUpdate || r.Form.IncidentID != 1 {
		t.Fatalf("update with no text: %+v", r)
	}
	errs, _ = h.e.Submit(h.ctx, bot.Submission{Kind: bot.FormUpdate, IncidentID: 1, User: "carol", Values: map[string]string{"next": "soon"}})
	if errs["next"] == "" || errs["changes"] == "" {
		t.Errorf("bad update form errors = %v", errs)
	}
	errs, err = h.e.Submit(h.ctx, bot.Submission{Kind: bot.FormUpdate, IncidentID: 1, User: "carol",
		Values: map[string]string{"status": "identified", "changes": "index rebuilt", "mitigation": "traffic shifted", "next": "45m"}})
	if err != nil || len(errs) != 0 {
		t.Fatalf("update form: %v %v", errs, err)
	}
	inc = h.incident(1)
	if len(inc.Updates) != 1 || inc.Status != bot.StatusIdentified || !inc.Reminder.Due.Equal(t0.Add(45*time.Minute)) {
		t.Errorf("after update form: status %s, updates %d, due %v", inc.Status, len(inc.Updates), inc.Reminder.Due)
	}
}

func TestLifecycle(t *testing.T) {
	h := newHarness(t)
	h.declare(`"Checkout errors" --sev P1 --started 09:50 --detected 09:55`)
	step := func(d time.Duration, user, text string) {
		h.clock.Advance(d)
		h.cmd(user, "C1", text)
	}
	step(0, "alice", "role comms @carol")
	step(0, "alice", "role tier1 <@bob>")
	step(time.Minute, "bob", "ack")
	step(time.Minute, "alice", "role ic @dave")
	step(10*time.Minute, "dave", "mitigated")
	step(10*time.Minute, "dave", "resolve rolled back")
	step(time.Minute, "dave", "close")

	inc := h.incident(1)
	m := inc.Milestones
	if inc.Status != bot.StatusClosed || m.Acknowledged != t0.Add(time.Minute) || m.Mitigated != t0.Add(12*time.Minute) ||
		m.Resolved != t0.Add(22*time.Minute) || m.Closed != t0.Add(23*time.Minute) {
		t.Errorf("milestones = %+v, status %s", m, inc.Status)
	}
	if m.Started.Format("15:04") != "09:50" || m.Detected.Format("15:04") != "09:55" {
		t.Errorf("started %v detected %v", m.Started, m.Detected)
	}
	if inc.Holder(bot.RoleCommander) != "dave" || len(inc.Roles) != 4 {
		t.Errorf("roles = %+v", inc.Roles)
	}
	if inc.Resolution != "rolled back" || !inc.Reminder.Due.IsZero() {
		t.Errorf("resolution %q, reminder %+v", inc.Resolution, inc.Reminder)
	}
	f := h.chat.lastFile()
	doc := string(f.Content)
	if f.Name != "INC-1-postmortem.md" || !strings.Contains(doc, "Checkout errors") || !strings.Contains(doc, "dave") {
		t.Fatalf("postmortem file %q:\n%s", f.Name, doc)
	}
	saved, err := h.db.Postmortem(h.ctx, 1)
	if err != nil || string(saved) != doc {
		t.Errorf("saved postmortem differs from the posted one (err %v)", err)
	}
	// A closed incident refuses changes but may be reopened.
	r := h.e.Command(h.ctx, bot.Request{User: "dave", ChannelID: "C1", Text: "ack"})
	if r.Code != bot.EConflict {
		t.Errorf("ack on a closed incident: %s %q", r.Code, r.Text)
	}
	h.cmd("dave", "C1", "reopen")
	if inc := h.incident(1); inc.Status != bot.StatusInvestigating || !inc.Milestones.Resolved.IsZero() || inc.Reminder.Due.IsZero() {
		t.Errorf("after reopen: %s %+v %+v", inc.Status, inc.Milestones, inc.Reminder)
	}
}

func TestCloseResolvesFirst(t *testing.T) {
	h := newHarness(t)
	h.declare("flaky dns --sev P3")
	h.clock.Advance(time.Hour)
	h.cmd("alice", "C1", "close")
	inc := h.incident(1)
	if inc.Status != bot.StatusClosed || inc.Milestones.Resolved != t0.Add(time.Hour) {
		t.Errorf("close of an unresolved incident: %s %+v", inc.Status, inc.Milestones)
	}
}

func TestRecord(t *testing.T) {
	h := newHarness(t)
	h.declare("api errors")
	rec := func(ev bot.Event) {
		t.Helper()
		ev.ChannelID = "C1"
		if ev.At.IsZero() {
			ev.At = h.clock.Now()
		}
		if err := h.e.Record(h.ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	h.clock.Advance(time.Minute)
	rec(bot.Event{Kind: bot.MessagePosted, MessageID: "m1", User: "bob", Text: "rolled back 4811"})
	rec(bot.Event{Kind: bot.MessagePosted, MessageID: "m1", User: "bob", Text: "rolled back 4811"}) // redelivered
	h.clock.Advance(time.Minute)
	rec(bot.Event{Kind: bot.MessageEdited, MessageID: "m1", User: "bob", Text: "rolled back 4812"})
	rec(bot.Event{Kind: bot.ReactionAdded, MessageID: "m1", User: "alice", Reaction: bot.PinReaction})
	rec(bot.Event{Kind: bot.ReactionAdded, MessageID: "m1", User: "carol", Reaction: "eyes"})
	rec(bot.Event{Kind: bot.MessagePosted, MessageID: "m2", User: "carol", Text: "oops wrong channel"})
	rec(bot.Event{Kind: bot.MessageDeleted, MessageID: "m2", User: "carol"})
	rec(bot.Event{Kind: bot.MemberJoined, User: "dave"})
	rec(bot.Event{Kind: bot.MemberJoined, User: "dave"})
	rec(bot.Event{Kind: bot.FileShared, MessageID: "F1", User: "dave", FileName: "graph.png", FileURL: "https://files/F1"})
	if err := h.e.Record(h.ctx, bot.Event{Kind: bot.MessagePosted, ChannelID: "random", MessageID: "x", User: "eve", Text: "lunch?"}); err != nil {
		t.Fatal(err)
	}

	var got []string
	for _, e := range h.timeline(1) {
		if e.Bot {
			continue
		}
		got = append(got, fmt.Sprintf("%s %s %q %q key=%v", e.Kind, e.Author, e.Text, e.Original, e.KeyEvent))
	}
	want := []string{
		`message bob "rolled back 4811" "" key=false`,
		`edit bob "rolled back 4812" "rolled back 4811" key=false`,
		`pin alice "rolled back 4812" "" key=true`,
		`message carol "oops wrong channel" "" key=false`,
		`delete carol "" "oops wrong channel" key=false`,
		`join dave "joined the channel" "" key=false`,
		`file dave "graph.png https://files/F1" "" key=false`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("timeline:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if p := h.incident(1).Participants; strings.Join(p, ",") != "alice,bob,carol,dave" {
		t.Errorf("participants = %v", p)
	}
}

func TestRecordConcurrent(t *testing.T) {
	h := newHarness(t)
	h.declare("busy channel")
	const n = 300
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Every message is delivered twice, concurrently.
			for range 2 {
				ev := bot.Event{Kind: bot.MessagePosted, ChannelID: "C1", MessageID: fmt.Sprintf("m%d", i),
					User: fmt.Sprintf("u%d", i%7), At: t0.Add(time.Duration(i) * time.Millisecond), Text: fmt.Sprint(i)}
				if err := h.e.Record(h.ctx, ev); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	count := 0
	for _, e := range h.timeline(1) {
		if e.Kind == bot.EntryMessage {
			count++
		}
	}
	if count != n {
		t.Errorf("%d messages stored, want %d (each once)", count, n)
	}
}
