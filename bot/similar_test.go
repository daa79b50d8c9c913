package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/search"
)

// similarHarness is a harness whose engine finds similar incidents with a
// search index.
func similarHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	idx, err := search.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	h.finder = idx
	h.restart()
	return h
}

// TestSimilarAtDeclare: a past incident's analysis, recorded by commands,
// makes it show in the intro of a new incident like it, with its root cause
// and its actions not verified; /incident similar asks the same.
func TestSimilarAtDeclare(t *testing.T) {
	h := similarHarness(t)
	h.declare(`"Checkout errors in EU" --sev P1`)
	h.cmd("alice", "C1", "why the connection pool was exhausted")
	h.cmd("alice", "C1", "why a config push halved max_connections")
	h.cmd("alice", "C1", "action add alert on pool saturation")
	h.cmd("alice", "C1", "action add review pool config changes")
	h.cmd("alice", "C1", "action done 2")
	h.cmd("alice", "C1", "action verify 2 https://deploy.example.com/1")
	h.cmd("alice", "C1", "close")
	h.declare("Cache stampede on the catalog")
	h.clock.Advance(24 * time.Hour)

	h.declare(`"Checkout failing: connection pool exhausted"`)
	intro := h.chat.postsIn("C3")[0]
	for _, s := range []string{
		"Have we seen this before?",
		"INC-1 P1 Checkout errors in EU (2026-03-14, #inc-1-checkout-errors-in-eu): root cause: a config push halved max_connections; 1 action not verified",
	} {
		if !strings.Contains(intro, s) {
			t.Errorf("intro lacks %q:\n%s", s, intro)
		}
	}
	if strings.Contains(intro, "• INC-2") || strings.Contains(intro, "• INC-3") {
		t.Errorf("intro lists an unrelated incident or itself:\n%s", intro)
	}

	r := h.cmd("bob", "C3", "similar")
	if !strings.Contains(r.Text, "• INC-1 P1") || strings.Contains(r.Text, "• INC-3") {
		t.Errorf("similar in the channel = %q, want INC-1 and not INC-3 itself", r.Text)
	}
	r = h.cmd("bob", "random", "similar catalog cache stampede")
	if !strings.Contains(r.Text, "• INC-2") {
		t.Errorf("similar with text = %q, want INC-2", r.Text)
	}
	if r := h.e.Command(h.ctx, bot.Request{User: "bob", ChannelID: "random", Text: "similar"}); r.Code == "" || !strings.Contains(r.Text, "Say what to look for") {
		t.Errorf("similar outside an incident with no text = %s %q, want a usage error", r.Code, r.Text)
	}
	if r := h.cmd("bob", "random", "similar zebra xylophone"); r.Text != "No similar incidents found." {
		t.Errorf("similar with unrelated text = %q", r.Text)
	}

	// The postmortem of the repeat names INC-1 and the action it left open.
	h.cmd("alice", "C3", "close")
	doc := string(h.chat.lastFile().Content)
	for _, s := range []string{
		"## Have we seen this before?",
		"- **INC-1** Checkout errors in EU (P1, 2026-03-14): root cause: a config push halved max_connections",
		"  - Not verified: #1 alert on pool saturation (open)",
	} {
		if !strings.Contains(doc, s) {
			t.Errorf("postmortem lacks %q:\n%s", s, doc)
		}
	}
}

// buildingFinder is a finder still being built: it finds nothing yet.
type buildingFinder struct{ indexed, total int }

func (buildingFinder) Put(*bot.Incident) error                     { return nil }
func (buildingFinder) Similar(bot.SimilarQuery) ([]bot.Hit, error) { return nil, nil }
func (f buildingFinder) Progress() (int, int, bool)                { return f.indexed, f.total, true }

// TestSimilarWhileIndexing: while the index is being built, declare goes
// on without waiting, and /incident similar says its list may miss some
// incidents, with how far indexing has come once that is known.
func TestSimilarWhileIndexing(t *testing.T) {
	for _, tc := range []struct {
		f    buildingFinder
		want string
	}{
		{buildingFinder{}, "No similar incidents found.\n(Past incidents are still being indexed, so this may miss some.)"},
		{buildingFinder{indexed: 4000, total: 10000}, "No similar incidents found.\n(Past incidents are still being indexed: 4000 of 10000 so far, so this may miss some.)"},
	} {
		h := newHarness(t)
		h.finder = tc.f
		h.restart()
		h.declare("Checkout errors in EU")
		if r := h.cmd("bob", "random", "similar checkout errors"); r.Text != tc.want {
			t.Errorf("similar while indexing = %q, want %q", r.Text, tc.want)
		}
	}
}

// TestSimilarOnceIndexed: an incident declared while the index is being
// built, which finds nothing yet, has its similar incidents looked for
// again once the index is whole: they are recorded (as stats count them),
// and its channel is told of them, once.
func TestSimilarOnceIndexed(t *testing.T) {
	h := newHarness(t)
	idx, err := search.NewBuilding()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	h.finder = idx
	h.restart()
	h.declare(`"Checkout errors in EU" --sev P1`)
	h.cmd("alice", "C1", "why the connection pool was exhausted")
	h.cmd("alice", "C1", "close")
	h.clock.Advance(time.Hour)
	h.declare(`"Checkout failing: connection pool exhausted"`) // C2, while indexing
	if intro := h.chat.postsIn("C2")[0]; strings.Contains(intro, "Have we seen this before?") {
		t.Fatalf("a partial index found something: the test proves nothing:\n%s", intro)
	}
	if err := idx.Build(nil); err != nil { // INC-1, queued, is indexed now
		t.Fatal(err)
	}
	h.declare(`"Checkout slow: connection pool exhausted"`) // C3, once built
	posts := len(h.chat.postsIn("C3"))

	h.e.Indexed(h.ctx)
	if inc := h.incident(2); len(inc.SimilarTo) != 1 || inc.SimilarTo[0] != 1 {
		t.Errorf("INC-2 similar to %v once indexed, want [1]", inc.SimilarTo)
	}
	said := h.chat.postsIn("C2")
	if last := said[len(said)-1]; !strings.Contains(last, "Now that past incidents are all indexed") || !strings.Contains(last, "INC-1 P1 Checkout errors in EU") {
		t.Errorf("INC-2's channel was not told of INC-1: %q", last)
	}
	if n := len(h.chat.postsIn("C3")); n != posts {
		t.Errorf("INC-3, declared once the index was built, was looked at again: %d posts, want %d", n, posts)
	}
	n := len(said)
	h.e.Indexed(h.ctx)
	if got := len(h.chat.postsIn("C2")); got != n {
		t.Errorf("a second Indexed posted again: %d posts, want %d", got, n)
	}
}
