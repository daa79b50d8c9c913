package bot_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// TestWriteUpCommands: service, lesson, comms and why --chain land on the
// incident and in their sections of the draft, not on its timeline; bad
// input gets the usage and changes nothing; the draft says which action
// priorities and types were defaulted.
func TestWriteUpCommands(t *testing.T) {
	h := newHarness(t)
	h.declare(`"Checkout errors" --sev P1`)
	h.clock.Advance(10 * time.Minute)
	for _, c := range []string{
		"service checkout-api",
		"service payments db",
		"lesson well the rollback took 3 minutes",
		"lesson lucky it happened before the EU peak",
		"comms status-page Checkout is degraded in EU --at 10:05",
		"comms execs All clear",
		"why checkout failed",
		"why --chain not-caught the alert waited 5 minutes",
		"why --chain not-caught its threshold was copied from another service",
		"why the pool was too small",
	} {
		h.cmd("alice", "C1", c)
	}
	inc := h.incident(1)
	if want := []string{"checkout-api", "payments db"}; !reflect.DeepEqual(inc.Services, want) {
		t.Errorf("services = %q, want %q", inc.Services, want)
	}
	if len(inc.Lessons) != 2 || inc.Lessons[0].Kind != bot.LessonWell || inc.Lessons[1].Text != "it happened before the EU peak" {
		t.Errorf("lessons = %+v", inc.Lessons)
	}
	if len(inc.Comms) != 2 || inc.Comms[0].Audience != "status-page" || !inc.Comms[0].At.Equal(t0.Add(5*time.Minute)) ||
		!inc.Comms[1].At.Equal(t0.Add(10*time.Minute)) {
		t.Errorf("comms = %+v", inc.Comms)
	}
	if want := []string{"checkout failed", "the pool was too small"}; !reflect.DeepEqual(inc.Whys, want) {
		t.Errorf("whys = %q", inc.Whys)
	}
	if want := []bot.WhyChain{{Name: "not-caught", Whys: []string{"the alert waited 5 minutes", "its threshold was copied from another service"}}}; !reflect.DeepEqual(inc.Chains, want) {
		t.Errorf("chains = %+v", inc.Chains)
	}

	for _, bad := range []struct{ text, want string }{
		{"lesson meh it went fine", "Unknown lesson"},
		{"lesson well", "Missing the lesson"},
		{"comms status-page", "Missing what was said"},
		{"comms status-page soon --at +1h", "Bad time"},
		{"service checkout-api", "already an affected service"},
		{"why --chain", ""},
	} {
		r := h.e.Command(h.ctx, bot.Request{User: "alice", ChannelID: "C1", Text: bad.text})
		if r.Code != bot.EInvalid || !strings.Contains(r.Text, bad.want) {
			t.Errorf("%s: %s %q, want a usage answer with %q", bad.text, r.Code, r.Text, bad.want)
		}
	}
	if after := h.incident(1); !reflect.DeepEqual(after, inc) {
		t.Errorf("bad input changed the incident:\n%+v\n%+v", inc, after)
	}

	h.cmd("alice", "C1", "action add write the runbook")
	h.cmd("alice", "C1", "action add page on saturation --prio P1 --type mitigate")
	h.cmd("alice", "C1", "postmortem")
	doc := string(h.chat.lastFile().Content)
	for _, want := range []string{
		"## Affected services\n\n- checkout-api\n- payments db\n",
		"### What went well\n\n- the rollback took 3 minutes\n",
		"### Where we got lucky\n\n- it happened before the EU peak\n",
		"- `10:05:00` **status-page** (alice): Checkout is degraded in EU\n",
		"### Why: not caught\n\n1. Why? the alert waited 5 minutes\n2. Why? its threshold was copied from another service\n",
		"### Why it happened\n\n1. Why? checkout failed\n2. Why? the pool was too small\n",
		"| write the runbook | — | P2 (default) | Preventive (default) |",
		"| page on saturation | — | P1 | Mitigative |",
		"_(default) marks a priority or type nobody chose",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("draft lacks %q", want)
		}
	}
	timeline := doc[strings.Index(doc, "## Timeline"):strings.Index(doc, "## Status updates")]
	for _, gone := range []string{"checkout-api", "rollback took", "Checkout is degraded", "alert waited"} {
		if strings.Contains(timeline, gone) {
			t.Errorf("the timeline repeats %q", gone)
		}
	}
}

// TestDeclareVia: declare --via records how the incident was noticed, for
// the draft's Detection; an unknown source is refused and declares nothing.
func TestDeclareVia(t *testing.T) {
	h := newHarness(t)
	r := h.e.Command(h.ctx, bot.Request{User: "alice", ChannelID: "ops", Text: "declare checkout down --via pigeon"})
	if r.Code != bot.EInvalid || !strings.Contains(r.Text, "Unknown --via") {
		t.Errorf("--via pigeon: %s %q", r.Code, r.Text)
	}
	if incs, _ := h.db.Incidents(h.ctx, false); len(incs) != 0 {
		t.Fatalf("a refused declare made %d incidents", len(incs))
	}
	inc := h.declare("checkout down --via customer --detected 09:50")
	if inc.DetectedVia != bot.DetectedByCustomer {
		t.Errorf("detected via %q, want customer", inc.DetectedVia)
	}
	h.cmd("alice", "C1", "postmortem")
	if doc := string(h.chat.lastFile().Content); !strings.Contains(doc, "## Detection\n\nNoticed because a customer reported it. Detected at 09:50:00.") {
		t.Errorf("draft's Detection:\n%s", doc)
	}
}
