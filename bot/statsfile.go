package bot

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"
)

// WriteStatsCSV writes trends as CSV for dashboards: one row per period
// (current, previous) and severity ("all" for every selected one), times
// in seconds, empty where no incident recorded the span.
func WriteStatsCSV(w io.Writer, s Stats) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"period", "from", "to", "severity", "incidents",
		"detect_p50_s", "detect_p90_s", "ack_p50_s", "ack_p90_s", "mitigate_p50_s", "mitigate_p90_s", "resolve_p50_s", "resolve_p90_s",
		"actions_opened", "actions_verified", "actions_overdue", "with_similar"})
	secs := func(q Quantiles, d time.Duration) string {
		if q.N == 0 {
			return ""
		}
		return strconv.FormatInt(int64(d/time.Second), 10)
	}
	for _, p := range []struct {
		name string
		p    Period
	}{{"current", s.Current}, {"previous", s.Previous}} {
		row := func(sev string, f Figures, totals bool) {
			r := []string{p.name, p.p.From.Format(time.RFC3339), p.p.To.Format(time.RFC3339), sev, strconv.Itoa(f.Incidents)}
			for _, q := range []Quantiles{f.Detect, f.Acknowledge, f.Mitigate, f.Resolve} {
				r = append(r, secs(q, q.Median), secs(q, q.P90))
			}
			if totals {
				r = append(r, strconv.Itoa(p.p.ActionsOpened), strconv.Itoa(p.p.ActionsVerified), strconv.Itoa(p.p.ActionsOverdue), strconv.Itoa(p.p.WithSimilar))
			} else {
				r = append(r, "", "", "", "")
			}
			cw.Write(r)
		}
		for _, sev := range Severities {
			if !s.Query.SevSet || sev == s.Query.Severity {
				row(sev.String(), p.p.BySeverity[sev], false)
			}
		}
		row("all", p.p.All, true)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write stats: %w", err)
	}
	return nil
}

// WriteFollowUpsCSV writes follow-ups as CSV, one action a row, its state
// as at now (overdue for an open action past its due date).
func WriteFollowUpsCSV(w io.Writer, fs []FollowUp, now time.Time) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"action_id", "incident_id", "incident_title", "incident_severity", "n", "text", "owner", "priority", "type", "due", "state", "done_at", "verified_at", "evidence", "drop_reason"})
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.RFC3339)
	}
	for _, f := range fs {
		a := f.Action
		state := string(a.State())
		if a.Overdue(now) {
			state = "overdue"
		}
		cw.Write([]string{strconv.FormatInt(a.ID, 10), strconv.FormatInt(f.Incident.ID, 10), f.Incident.Title, f.Incident.Severity.String(),
			strconv.Itoa(a.N), a.Text, a.Owner, a.Priority.String(), string(a.Type), day(a.Due), state, day(a.DoneAt), day(a.VerifiedAt), a.Evidence, a.DropReason})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write follow-ups: %w", err)
	}
	return nil
}
