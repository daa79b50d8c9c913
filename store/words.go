package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/warroom-dev/warroom/bot"
	bolt "go.etcd.io/bbolt"
)

// wordsCore is what the similar-incident index reads of an incident's
// core record.
type wordsCore struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Summary     string `json:"summary"`
	Impact      string `json:"impact"`
	Resolution  string `json:"resolution"`
	Phases      []struct {
		Text string `json:"text"`
	} `json:"phases"`
	Chains   []bot.WhyChain `json:"chains"`
	Services []string       `json:"services"`
}

// wordsAction is what it reads of an action.
type wordsAction struct {
	N    int    `json:"n"`
	Text string `json:"text"`
}

// wordsAnalysis is what it reads of the analysis.
type wordsAnalysis struct {
	Whys   []string `json:"whys"`
	Causes []struct {
		Text string `json:"text"`
	} `json:"causes"`
}

// IncidentWords implements bot.WordsReader: every incident, by ascending
// id, with only the texts similarity is found by. Decoding those alone,
// and not the times, roles and updates, takes half the time of Incidents.
func (db *DB) IncidentWords(ctx context.Context) ([]*bot.Incident, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	var incs []*bot.Incident
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var raws []rawIncident
		actions, an := tx.Bucket(bucketActions), tx.Bucket(bucketAnalysis)
		if err := tx.Bucket(bucketIncidents).ForEach(func(k, v []byte) error {
			r := rawIncident{k: k, core: v}
			r.parts[0], r.parts[1] = actions.Get(k), an.Get(k)
			raws = append(raws, r)
			return nil
		}); err != nil {
			return err
		}
		var err error
		incs, err = decodeAll(raws, decodeWords)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read incidents' words: %w", err)
	}
	return incs, nil
}

var _ bot.WordsReader = (*DB)(nil)

// decodeWords decodes the words of r, whose parts are its actions and
// analysis values.
func decodeWords(r rawIncident) (*bot.Incident, error) {
	var c wordsCore
	if err := json.Unmarshal(r.core, &c); err != nil {
		return nil, fmt.Errorf("decode incident %d: %w", keyID(r.k), err)
	}
	inc := &bot.Incident{ID: keyID(r.k), Title: c.Title, Description: c.Description, Summary: c.Summary, Impact: c.Impact,
		Resolution: c.Resolution, Chains: c.Chains, Services: c.Services}
	for _, p := range c.Phases {
		inc.Phases = append(inc.Phases, bot.ImpactPhase{Text: p.Text})
	}
	if r.parts[0] != nil {
		var as []wordsAction
		if err := json.Unmarshal(r.parts[0], &as); err != nil {
			return nil, fmt.Errorf("decode actions of incident %d: %w", inc.ID, err)
		}
		inc.Actions = make([]bot.Action, len(as))
		for i, a := range as {
			inc.Actions[i] = bot.Action{N: a.N, Text: a.Text}
		}
	}
	if r.parts[1] != nil {
		var a wordsAnalysis
		if err := json.Unmarshal(r.parts[1], &a); err != nil {
			return nil, fmt.Errorf("decode analysis of incident %d: %w", inc.ID, err)
		}
		inc.Whys = a.Whys
		for _, c := range a.Causes {
			inc.Causes = append(inc.Causes, bot.Cause{Text: c.Text})
		}
	}
	return inc, nil
}
