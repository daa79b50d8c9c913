package bot

import (
	"context"
	"fmt"
	"strings"
)

// Finder finds past incidents whose words are like a text. Package search
// implements it with an in-memory index built from the store at start;
// the engine keeps it up to date as incidents change. It is optional: an
// engine without one lists no similar incidents.
type Finder interface {
	// Put indexes inc, replacing what was indexed of it.
	Put(inc *Incident) error
	// Similar returns the incidents most like q.Text, best first.
	Similar(q SimilarQuery) ([]Hit, error)
}

// FinderProgress is implemented by a Finder that is built in the
// background (from the store, at start-up): until it is built it answers
// from the incidents indexed so far, and /incident similar says its list
// may miss some. The declare never waits for it.
type FinderProgress interface {
	// Progress reports whether the finder is still being built, and how
	// many of the stored incidents it has indexed (total 0: not yet known).
	Progress() (indexed, total int, building bool)
}

// WordsReader is implemented by stores that can read just the texts
// similarity is found by, faster than Store.Incidents: the finder is built
// from them. A store that implements it is held to it by the conformance
// suite (store/storetest).
type WordsReader interface {
	// IncidentWords returns every incident by ascending id with its id,
	// title, description, summary, impact, impact phases' texts,
	// resolution, whys, why chains (names and whys), causes' texts,
	// affected services and actions' numbers and texts, as of the latest
	// UpdateIncident that returned; other fields are left empty.
	IncidentWords(ctx context.Context) ([]*Incident, error)
}

// SimilarQuery asks a Finder for incidents like a text.
type SimilarQuery struct {
	Text string
	// Exclude leaves one incident out (the one asking); 0 leaves none.
	Exclude int64
	// Before, if not 0, keeps only incidents with a lower id: those
	// declared earlier.
	Before int64
	// Limit is the most hits returned.
	Limit int
}

// Hit is an incident a Finder found, with its relevance score.
type Hit struct {
	IncidentID int64
	Score      float64
}

// maxSimilar is how many similar incidents are listed.
const maxSimilar = 3

// Similar is a past incident like another one, with what a responder
// needs to know of it.
type Similar struct {
	Incident *Incident
	// Cause is one line of its root cause or summary.
	Cause string
	// Unverified are its actions not yet verified (nor dropped).
	Unverified []Action
}

// FindSimilar asks for incidents like a text, or like the incident of the
// channel it is typed in.
type FindSimilar struct{ Text string }

// Name implements Command.
func (FindSimilar) Name() string { return "learn similar" }

// similar returns up to maxSimilar incidents like text, leaving out
// exclude and, if before is set, incidents not declared before it. A
// failing finder is logged and finds nothing: similarity is a hint, never
// a reason for a command to fail.
func (e *Engine) similar(ctx context.Context, text string, exclude, before int64) []Similar {
	if e.finder == nil || strings.TrimSpace(text) == "" {
		return nil
	}
	hits, err := e.finder.Similar(SimilarQuery{Text: text, Exclude: exclude, Before: before, Limit: maxSimilar})
	if err != nil {
		e.log.Error().Err(err).Msg("find similar incidents")
		return nil
	}
	out := make([]Similar, 0, len(hits))
	for _, h := range hits {
		inc, err := e.store.Incident(ctx, h.IncidentID)
		if err != nil {
			e.log.Warn().Err(err).Int64("incident", h.IncidentID).Msg("similar incident")
			continue
		}
		out = append(out, similarOf(inc))
	}
	return out
}

// similarOf sums up inc as a similar incident.
func similarOf(inc *Incident) Similar {
	s := Similar{Incident: inc, Cause: rootCause(inc)}
	for _, a := range inc.Actions {
		if !a.Finished() {
			s.Unverified = append(s.Unverified, a)
		}
	}
	return s
}

// rootCause is one line saying why inc happened: the last of its whys (the
// deepest answer), else its first technical cause, else its summary.
func rootCause(inc *Incident) string {
	line := func(s string) string {
		s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
		if r := []rune(s); len(r) > 160 {
			s = string(r[:159]) + "…"
		}
		return s
	}
	switch {
	case len(inc.Whys) > 0:
		return "root cause: " + line(inc.Whys[len(inc.Whys)-1])
	case len(inc.Causes) > 0:
		return "cause: " + line(inc.Causes[0].Text)
	case inc.Summary != "":
		return "summary: " + line(inc.Summary)
	case inc.Resolution != "":
		return "resolved: " + line(inc.Resolution)
	}
	return "no root cause recorded"
}

// similarText is what an incident is compared by when it is declared or
// asked about: what is known of it so far.
func similarText(inc *Incident) string {
	parts := []string{inc.Title, inc.Description, inc.Summary, inc.Impact}
	parts = append(parts, inc.Whys...)
	for _, c := range inc.Causes {
		parts = append(parts, c.Text)
	}
	return strings.Join(parts, "\n")
}

// renderSimilar lists similar incidents for chat, one per line.
func (e *Engine) renderSimilar(ss []Similar) string {
	var b strings.Builder
	for _, s := range ss {
		inc := s.Incident
		fmt.Fprintf(&b, "\n• INC-%d %s %s (%s, %s): %s", inc.ID, inc.Severity, e.chat.Quote(inc.Title),
			inc.Milestones.Declared.Format("2006-01-02"), e.channelRef(inc), e.chat.Quote(rootCause(inc)))
		if n := len(s.Unverified); n > 0 {
			fmt.Fprintf(&b, "; %d action%s not verified", n, plural(n))
		}
	}
	return b.String()
}

// plural is "s" unless n is 1.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// indexIncident updates the finder with inc; a failure is logged (the
// index is rebuilt from the store at the next start).
func (e *Engine) indexIncident(inc *Incident) {
	if e.finder == nil || inc == nil {
		return
	}
	if err := e.finder.Put(inc); err != nil {
		e.log.Error().Err(err).Int64("incident", inc.ID).Msg("index incident for similarity")
	}
}

// findSimilar answers /incident similar [text].
func (e *Engine) findSimilar(ctx context.Context, req Request, c FindSimilar) (string, error) {
	if e.finder == nil {
		return "Similar-incident search is not set up in this deployment.", nil
	}
	text, exclude := c.Text, int64(0)
	if strings.TrimSpace(text) == "" {
		inc, err := e.store.IncidentByChannel(ctx, req.ChannelID)
		if ErrorCode(err) == ENotFound {
			return "", Errorf(EInvalid, "Say what to look for, or ask in an incident channel.\nUsage: %s [text]", e.spell("similar"))
		}
		if err != nil {
			return "", err
		}
		text, exclude = similarText(inc), inc.ID
	}
	ss := e.similar(ctx, text, exclude, 0)
	if len(ss) == 0 {
		return "No similar incidents found." + e.indexingNote(), nil
	}
	return "Have we seen this before? Similar incidents:" + e.renderSimilar(ss) + e.indexingNote(), nil
}

// indexingNote says, on a line of its own, that the finder is still being
// built and so may miss incidents; it is empty once it is built.
func (e *Engine) indexingNote() string {
	p, ok := e.finder.(FinderProgress)
	if !ok {
		return ""
	}
	indexed, total, building := p.Progress()
	switch {
	case !building:
		return ""
	case total == 0:
		return "\n(Past incidents are still being indexed, so this may miss some.)"
	}
	return fmt.Sprintf("\n(Past incidents are still being indexed: %d of %d so far, so this may miss some.)", indexed, total)
}
