package bot

import (
	"slices"
	"time"
)

// StatsQuery selects the incidents trends are computed over.
type StatsQuery struct {
	// Since is the length of the period, ending now; 0 means 90 days.
	Since time.Duration
	// Severity, if SevSet, keeps only incidents of that severity.
	Severity Severity
	SevSet   bool
}

// DefaultStatsPeriod is the period of /incident stats without --since.
const DefaultStatsPeriod = 90 * 24 * time.Hour

// Stats are the trends of one period and of the period of equal length
// before it.
type Stats struct {
	Query             StatsQuery
	Current, Previous Period
	// Months are the calendar months (UTC) the current period touches,
	// oldest first, for the chart.
	Months []Month
}

// Period holds the figures of the incidents declared in (From, To].
type Period struct {
	From, To time.Time
	// All is every selected incident; BySeverity the same by severity.
	All        Figures
	BySeverity [4]Figures
	// ActionsOpened counts the actions added in the period,
	// ActionsVerified those verified in it, and ActionsOverdue those of the
	// period's incidents open past their due date at To.
	ActionsOpened, ActionsVerified, ActionsOverdue int
	// WithSimilar counts the incidents for which a similar earlier one was
	// found at declare.
	WithSimilar int
}

// Figures are counts and times of a set of incidents.
type Figures struct {
	Incidents                              int
	Detect, Acknowledge, Mitigate, Resolve Quantiles
}

// Quantiles are the median and 90th percentile of a set of durations; N
// is how many incidents had the span recorded (0: the others are unset).
type Quantiles struct {
	N           int
	Median, P90 time.Duration
}

// Month is one calendar month of the chart.
type Month struct {
	Start      time.Time
	BySeverity [4]int
	// MedianResolve is the median time to resolve of its incidents that
	// have one; Resolved counts them.
	MedianResolve time.Duration
	Resolved      int
}

// SimilarShare is the share of the period's incidents that had a similar
// earlier one, from 0 to 1.
func (p Period) SimilarShare() float64 {
	if p.All.Incidents == 0 {
		return 0
	}
	return float64(p.WithSimilar) / float64(p.All.Incidents)
}

// ComputeStats computes trends at now over incs: void incidents (whose
// channel could not be made) count nowhere.
func ComputeStats(incs []*Incident, q StatsQuery, now time.Time) Stats {
	if q.Since <= 0 {
		q.Since = DefaultStatsPeriod
	}
	s := Stats{Query: q}
	s.Current = period(incs, q, now.Add(-q.Since), now, now)
	s.Previous = period(incs, q, now.Add(-2*q.Since), now.Add(-q.Since), now)
	s.Months = months(incs, q, now.Add(-q.Since), now)
	return s
}

// selected reports whether inc counts under q.
func (q StatsQuery) selected(inc *Incident) bool {
	return inc.Void == "" && (!q.SevSet || inc.Severity == q.Severity)
}

func period(incs []*Incident, q StatsQuery, from, to, now time.Time) Period {
	p := Period{From: from, To: to}
	var all [4][]time.Duration
	var bySev [4][4][]time.Duration
	in := func(t time.Time) bool { return t.After(from) && !t.After(to) }
	for _, inc := range incs {
		if !q.selected(inc) {
			continue
		}
		for _, a := range inc.Actions {
			if in(a.At) {
				p.ActionsOpened++
			}
			if in(a.VerifiedAt) {
				p.ActionsVerified++
			}
		}
		if !in(inc.Milestones.Declared) {
			continue
		}
		sev := inc.Severity
		if !sev.Valid() {
			sev = P3
		}
		p.All.Incidents++
		p.BySeverity[sev].Incidents++
		if len(inc.SimilarTo) > 0 {
			p.WithSimilar++
		}
		at := to
		if now.Before(at) {
			at = now
		}
		for _, a := range inc.Actions {
			if a.Overdue(at) {
				p.ActionsOverdue++
			}
		}
		m := inc.Milestones.Metrics()
		for i, sp := range []Span{m.ToDetect, m.ToAcknowledge, m.ToMitigate, m.ToResolve} {
			if sp.Known && sp.D >= 0 {
				all[i] = append(all[i], sp.D)
				bySev[sev][i] = append(bySev[sev][i], sp.D)
			}
		}
	}
	fill := func(f *Figures, ds [4][]time.Duration) {
		f.Detect, f.Acknowledge, f.Mitigate, f.Resolve = quantiles(ds[0]), quantiles(ds[1]), quantiles(ds[2]), quantiles(ds[3])
	}
	fill(&p.All, all)
	for s := range p.BySeverity {
		fill(&p.BySeverity[s], bySev[s])
	}
	return p
}

// quantiles returns the median and the 90th percentile (nearest rank) of
// ds, which it sorts.
func quantiles(ds []time.Duration) Quantiles {
	if len(ds) == 0 {
		return Quantiles{}
	}
	slices.Sort(ds)
	rank := func(p float64) time.Duration {
		i := int(p*float64(len(ds))+0.999999) - 1 // ceil(p*n) - 1
		return ds[max(0, min(i, len(ds)-1))]
	}
	q := Quantiles{N: len(ds), P90: rank(0.9)}
	if n := len(ds); n%2 == 1 {
		q.Median = ds[n/2]
	} else {
		q.Median = (ds[n/2-1] + ds[n/2]) / 2
	}
	return q
}

// months returns the calendar months from from's to to's, with their
// incidents by severity and median time to resolve.
func months(incs []*Incident, q StatsQuery, from, to time.Time) []Month {
	first := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	var ms []Month
	for m := first; !m.After(to); m = m.AddDate(0, 1, 0) {
		ms = append(ms, Month{Start: m})
	}
	resolve := make([][]time.Duration, len(ms))
	for _, inc := range incs {
		d := inc.Milestones.Declared.UTC()
		if !q.selected(inc) || !d.After(from) || d.After(to) {
			continue
		}
		i := (d.Year()-first.Year())*12 + int(d.Month()) - int(first.Month())
		if i < 0 || i >= len(ms) {
			continue
		}
		sev := inc.Severity
		if !sev.Valid() {
			sev = P3
		}
		ms[i].BySeverity[sev]++
		if sp := inc.Milestones.Metrics().ToResolve; sp.Known && sp.D >= 0 {
			resolve[i] = append(resolve[i], sp.D)
		}
	}
	for i := range ms {
		qs := quantiles(resolve[i])
		ms[i].MedianResolve, ms[i].Resolved = qs.Median, qs.N
	}
	return ms
}
