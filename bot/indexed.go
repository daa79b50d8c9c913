package bot

import (
	"context"
	"slices"
)

// indexing holds the incidents declared while the finder was still being
// built: their similar incidents were looked for in a partial index, so
// they are looked for again once it is whole (Engine.Indexed). Only the
// process building the index declares them, so memory is where they live.
type indexing struct {
	ids  []int64
	done bool
}

// finderBuilding reports whether the finder is still being built.
func (e *Engine) finderBuilding() bool {
	p, ok := e.finder.(FinderProgress)
	if !ok {
		return false
	}
	_, _, building := p.Progress()
	return building
}

// similarAtDeclare finds the incidents like inc, just declared, and
// records them. While the finder is being built it does so holding the
// indexing lock, and remembers inc unless the engine was told the finder
// is built since: Indexed, which looks again, then always comes after
// what it records here.
func (e *Engine) similarAtDeclare(ctx context.Context, inc *Incident) (*Incident, []Similar) {
	if e.finderBuilding() {
		e.indexingM.Lock()
		defer e.indexingM.Unlock()
		if !e.indexing.done {
			e.indexing.ids = append(e.indexing.ids, inc.ID)
		}
	}
	similar := e.similar(ctx, similarText(inc), inc.ID, inc.ID)
	if len(similar) == 0 {
		return inc, nil
	}
	ids := make([]int64, len(similar))
	for i, s := range similar {
		ids[i] = s.Incident.ID
	}
	u, err := e.store.UpdateIncident(ctx, inc.ID, func(inc *Incident) error { inc.SimilarTo = ids; return nil })
	if err != nil {
		e.log.Error().Err(err).Int64("incident", inc.ID).Msg("record similar incidents")
		return inc, similar
	}
	return u, similar
}

// Indexed tells the engine its finder is built. The incidents declared
// while it was being built have their similar incidents looked for again:
// what they record (and the stats' share of repeats counts) is then what a
// whole index finds, and an incident channel hears of any it had missed.
// The program calls it once, when the build ends.
func (e *Engine) Indexed(ctx context.Context) {
	e.indexingM.Lock()
	ids := e.indexing.ids
	e.indexing = indexing{done: true}
	e.indexingM.Unlock()
	for _, id := range ids {
		inc, err := e.store.Incident(ctx, id)
		if err != nil {
			e.log.Warn().Err(err).Int64("incident", id).Msg("similar incidents once indexed")
			continue
		}
		similar := e.similar(ctx, similarText(inc), inc.ID, inc.ID)
		found := make([]int64, len(similar))
		var missed []Similar
		for i, s := range similar {
			found[i] = s.Incident.ID
			if !slices.Contains(inc.SimilarTo, s.Incident.ID) {
				missed = append(missed, s)
			}
		}
		if slices.Equal(found, inc.SimilarTo) {
			continue
		}
		inc, err = e.store.UpdateIncident(ctx, id, func(inc *Incident) error { inc.SimilarTo = found; return nil })
		if err != nil {
			e.log.Error().Err(err).Int64("incident", id).Msg("record similar incidents")
			continue
		}
		if len(missed) > 0 && inc.Open() {
			e.say(ctx, inc, "Have we seen this before? Now that past incidents are all indexed, these are like this one:"+e.renderSimilar(missed))
		}
	}
}
