package bot

import (
	"fmt"
	"time"
)

// update applies fn to the incident in the store and keeps the result.
func (a *act) update(fn func(*Incident) error) error {
	inc, err := a.e.store.UpdateIncident(a.ctx, a.inc.ID, fn)
	if err != nil {
		return err
	}
	a.inc = inc
	a.e.indexIncident(inc)
	return nil
}

// note appends a bot entry to the timeline.
func (a *act) note(kind EntryKind, at time.Time, key bool, format string, args ...any) error {
	if at.IsZero() {
		at = a.now
	}
	return a.e.note(a.ctx, &Entry{
		IncidentID: a.inc.ID, At: at, Kind: kind, Author: a.user,
		Text: fmt.Sprintf(format, args...), KeyEvent: key, Bot: true,
	})
}

// say posts a message in the incident channel. A failure to post is logged,
// not returned: the change it announces is already stored.
func (a *act) say(format string, args ...any) {
	a.e.say(a.ctx, a.inc, fmt.Sprintf(format, args...))
}

// who returns the mention of the invoking user.
func (a *act) who() string { return a.e.chat.Mention(a.user) }

// quote makes user text safe to echo.
func (a *act) quote(s string) string { return a.e.chat.Quote(s) }

// requireOpen refuses commands on a closed incident.
func (a *act) requireOpen() error {
	if !a.inc.Open() {
		return Errorf(EConflict, "INC-%d is closed. %s reopen reopens it.", a.inc.ID, a.e.cfg.Command)
	}
	return nil
}
