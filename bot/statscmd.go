package bot

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// ShowStats asks for trends across incidents.
type ShowStats struct {
	Query StatsQuery
	// Post posts the figures and the chart in the channel instead of
	// answering privately.
	Post bool
}

// Name implements Command.
func (ShowStats) Name() string { return "learn stats" }

// Charter draws the trend chart of Stats as a PNG. Package chart implements
// it with gonum/plot; an engine without one posts no chart.
type Charter interface {
	Chart(s Stats) ([]byte, error)
}

// TrendReader is implemented by stores that can read just what trends are
// computed from, faster than Store.Incidents. A store that implements it
// is held to it by the conformance suite (store/storetest).
type TrendReader interface {
	// TrendIncidents returns every incident by ascending id with its id,
	// severity, Void, SimilarTo, milestones and its actions' numbers,
	// times and states, as of the latest UpdateIncident that returned;
	// other fields are left empty. Times are the same instants, not
	// necessarily in the same location.
	TrendIncidents(ctx context.Context) ([]*Incident, error)
}

// Stats computes the trends of the stored incidents at the clock's now.
func (e *Engine) Stats(ctx context.Context, q StatsQuery) (Stats, error) {
	read := func(ctx context.Context) ([]*Incident, error) { return e.store.Incidents(ctx, false) }
	if tr, ok := e.store.(TrendReader); ok {
		read = tr.TrendIncidents
	}
	incs, err := read(ctx)
	if err != nil {
		return Stats{}, fmt.Errorf("stats: %w", err)
	}
	return ComputeStats(incs, q, e.clock.Now()), nil
}

// FollowUps returns the follow-ups f selects, sorted as lists show them.
func (e *Engine) FollowUps(ctx context.Context, f FollowUpFilter) ([]FollowUp, error) {
	fs, err := e.store.FollowUps(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("follow-ups: %w", err)
	}
	SortFollowUps(fs, e.clock.Now())
	return fs, nil
}

// showStats answers /incident stats: privately, or with --post in the
// channel with the chart.
func (e *Engine) showStats(ctx context.Context, req Request, c ShowStats) (string, error) {
	s, err := e.Stats(ctx, c.Query)
	if err != nil {
		return "", err
	}
	text := RenderStats(s)
	if !c.Post {
		return text + "\n" + e.spell("stats") + " --post shares this in the channel, with a chart.", nil
	}
	if _, err := e.chat.Post(ctx, req.ChannelID, Message{Text: text}); err != nil {
		return "", fmt.Errorf("post stats in %s: %w", req.ChannelID, err)
	}
	if e.chart == nil {
		return "Stats posted (no chart: charts are not set up in this deployment).", nil
	}
	png, err := e.chart.Chart(s)
	if err != nil {
		return "", fmt.Errorf("draw the stats chart: %w", err)
	}
	if err := e.chat.Upload(ctx, req.ChannelID, File{Name: "incident-trends.png", Title: "Incident trends", Content: png,
		Comment: "Incidents per month by severity, and median time to resolve"}); err != nil {
		return "", fmt.Errorf("upload the stats chart: %w", err)
	}
	return "Stats and chart posted.", nil
}

// RenderStats renders trends as text: a table by severity in a code block,
// then actions and repeats, each figure beside the previous period's.
func RenderStats(s Stats) string {
	cur, prev := s.Current, s.Previous
	var b strings.Builder
	sel := "all severities"
	if s.Query.SevSet {
		sel = s.Query.Severity.String()
	}
	fmt.Fprintf(&b, "📈 Incidents %s to %s (%s), against the %s before:\n", cur.From.Format("2006-01-02"), cur.To.Format("2006-01-02"),
		sel, shortPeriod(cur.To.Sub(cur.From)))
	b.WriteString("```\n")
	fmt.Fprintf(&b, "%-4s %9s %17s %17s %17s %17s\n", "sev", "incidents", "detect p50/p90", "ack p50/p90", "mitigate p50/p90", "resolve p50/p90")
	row := func(name string, f, pf Figures) {
		fmt.Fprintf(&b, "%-4s %9s %17s %17s %17s %17s\n", name, change(f.Incidents, pf.Incidents),
			quant(f.Detect), quant(f.Acknowledge), quant(f.Mitigate), quant(f.Resolve))
	}
	for _, sev := range Severities {
		if s.Query.SevSet && sev != s.Query.Severity {
			continue
		}
		row(sev.String(), cur.BySeverity[sev], prev.BySeverity[sev])
	}
	row("all", cur.All, prev.All)
	b.WriteString("```\n")
	fmt.Fprintf(&b, "Median time to resolve: %s (was %s). ", quantMedian(cur.All.Resolve), quantMedian(prev.All.Resolve))
	fmt.Fprintf(&b, "Actions opened %s, verified %s, overdue %s. ", change(cur.ActionsOpened, prev.ActionsOpened),
		change(cur.ActionsVerified, prev.ActionsVerified), change(cur.ActionsOverdue, prev.ActionsOverdue))
	fmt.Fprintf(&b, "Incidents like an earlier one: %.0f%% (was %.0f%%).", 100*cur.SimilarShare(), 100*prev.SimilarShare())
	return b.String()
}

// change is "n (+d)" against the previous period.
func change(n, prev int) string {
	return fmt.Sprintf("%d (%+d)", n, n-prev)
}

// quant is "p50/p90", or "—" with no data.
func quant(q Quantiles) string {
	if q.N == 0 {
		return "—"
	}
	return statDuration(q.Median) + "/" + statDuration(q.P90)
}

// statDuration is a duration in a table cell: "45m", "2h30m", "3d4h".
func statDuration(d time.Duration) string {
	d = d.Round(time.Minute)
	days, h, m := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case days > 0:
		return fmt.Sprintf("%dd%dh", days, h)
	case h > 0:
		return fmt.Sprintf("%dh%02dm", h, m)
	}
	return fmt.Sprintf("%dm", m)
}

func quantMedian(q Quantiles) string {
	if q.N == 0 {
		return "—"
	}
	return statDuration(q.Median)
}

// shortPeriod is a period in days.
func shortPeriod(d time.Duration) string {
	if d < 24*time.Hour {
		return shortDuration(d)
	}
	return fmt.Sprintf("%d days", int(d.Round(24*time.Hour)/(24*time.Hour)))
}
