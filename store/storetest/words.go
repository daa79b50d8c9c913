package storetest

import (
	"reflect"
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

// wordsOf is what bot.WordsReader promises of an incident: its id, title,
// description, summary, impact, impact phases' texts, resolution, whys,
// why chains, causes' texts, affected services and its actions' numbers
// and texts.
func wordsOf(inc *bot.Incident) *bot.Incident {
	w := &bot.Incident{ID: inc.ID, Title: inc.Title, Description: inc.Description, Summary: inc.Summary, Impact: inc.Impact,
		Resolution: inc.Resolution, Whys: inc.Whys, Chains: inc.Chains, Services: inc.Services}
	for _, p := range inc.Phases {
		w.Phases = append(w.Phases, bot.ImpactPhase{Text: p.Text})
	}
	for _, c := range inc.Causes {
		w.Causes = append(w.Causes, bot.Cause{Text: c.Text})
	}
	for _, a := range inc.Actions {
		w.Actions = append(w.Actions, bot.Action{N: a.N, Text: a.Text})
	}
	return w
}

// testIncidentWords: a store that implements bot.WordsReader returns every
// incident by ascending id with the texts of the full read, and keeps them
// in step with updates, across a reopen. A store without it is not held to
// anything here.
func testIncidentWords(t *testing.T, open Factory) {
	s, reopen := open(t)
	if _, ok := s.(bot.WordsReader); !ok {
		t.Skip("the store does not implement bot.WordsReader")
	}
	ctx := t.Context()
	full := fullIncident(t)
	plain := &bot.Incident{Title: "no analysis"}
	create(t, s, full, plain, fullIncident(t))
	if _, err := s.UpdateIncident(ctx, full.ID, func(inc *bot.Incident) error {
		inc.Title, inc.Resolution = "renamed", "rolled back"
		inc.Whys = append(inc.Whys, "a deeper why")
		inc.Actions = append(inc.Actions, bot.Action{N: 3, Text: "a new action"})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateIncident(ctx, plain.ID, func(inc *bot.Incident) error {
		inc.Causes = []bot.Cause{{Category: bot.CauseTechnical, Text: "disk full"}}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	check := func(s bot.Store, when string) {
		t.Helper()
		incs, err := s.Incidents(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.(bot.WordsReader).IncidentWords(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(incs) {
			t.Fatalf("%s: IncidentWords returned %d incidents, want %d", when, len(got), len(incs))
		}
		for i, inc := range incs {
			if want := wordsOf(inc); !reflect.DeepEqual(got[i], want) {
				t.Errorf("%s: IncidentWords[%d] =\n%+v\nwant\n%+v", when, i, got[i], want)
			}
		}
	}
	check(s, "after updates")
	check(reopen(), "after reopen")
}
