package bot

import (
	"context"
	"time"
)

// Store is the storage the engine needs. The store package implements it on
// bbolt; a replicated implementation can implement it on another store.
// Every method is safe for concurrent use, and a method that returns nil has
// made its change durable. A method called with a done context fails with
// an error matching the context's and changes nothing. Incidents and
// entries passed in or returned are the caller's: changing them later
// changes nothing stored. Every implementation must pass the conformance
// suite in store/storetest.
type Store interface {
	// CreateIncident assigns inc.ID from a sequence and stores inc.
	CreateIncident(ctx context.Context, inc *Incident) error
	// Incident returns an incident by id, or ErrNotFound.
	Incident(ctx context.Context, id int64) (*Incident, error)
	// IncidentByChannel returns the incident whose channel is channelID, or
	// ErrNotFound. It is called for every message, so it must be cheap.
	IncidentByChannel(ctx context.Context, channelID string) (*Incident, error)
	// Incidents returns incidents by ascending id; only open ones if openOnly.
	Incidents(ctx context.Context, openOnly bool) ([]*Incident, error)
	// UpdateIncident applies fn to the stored incident inside one
	// transaction and stores the result, unless fn returns an error, which
	// UpdateIncident then returns unchanged. It returns the stored incident.
	UpdateIncident(ctx context.Context, id int64, fn func(*Incident) error) (*Incident, error)

	// Append adds e to its incident's timeline, setting e.Seq. If e.Key is
	// not empty and an entry with that key was already appended to the same
	// incident, it stores nothing, sets e.Seq to the earlier entry's and
	// returns false. It returns only after the entry is committed;
	// concurrent appends share commits. An entry without an incident id is
	// an error.
	Append(ctx context.Context, e *Entry) (bool, error)
	// Timeline calls fn for each entry of an incident in time order, stopping
	// at the first error fn returns, which it returns. Entries with equal
	// times come in append order. The *Entry may be reused once fn returns:
	// fn copies what it keeps. fn may call the store.
	Timeline(ctx context.Context, incidentID int64, fn func(*Entry) error) error
	// TimelineTail returns the last n entries of an incident in time order
	// and the number of entries in its whole timeline, without reading them
	// all: it answers `timeline --last N` in a long incident.
	TimelineTail(ctx context.Context, incidentID int64, n int) ([]*Entry, int, error)
	// Message returns the latest entry about a platform message id (the
	// message or its last edit), or ErrNotFound.
	Message(ctx context.Context, incidentID int64, messageID string) (*Entry, error)
	// LastMessage returns the latest entry that came from a person's message,
	// by time, or ErrNotFound: catching up reads history from there.
	LastMessage(ctx context.Context, incidentID int64) (*Entry, error)

	// FollowUps returns the action items of every incident that f selects,
	// in no particular order.
	FollowUps(ctx context.Context, f FollowUpFilter) ([]FollowUp, error)
	// FollowUp returns the action item whose global id is id, finished or
	// not, with its incident, or ErrNotFound: a command that names an
	// action by its global id finds its incident with it.
	FollowUp(ctx context.Context, id int64) (FollowUp, error)

	// LastRun returns the latest run of a scheduled job, or the zero
	// ScheduleRun if it never ran.
	LastRun(ctx context.Context, job string) (ScheduleRun, error)
	// ClaimRun records that the job's run at at has started, unless a run
	// at or after at was recorded, and reports whether it recorded it.
	ClaimRun(ctx context.Context, job string, at time.Time) (bool, error)
	// FinishRun records that the job's run at at is finished.
	FinishRun(ctx context.Context, job string, at time.Time) error
	// ClaimNudge records n unless a nudge of the same run and owner was
	// recorded, and reports whether it recorded it.
	ClaimNudge(ctx context.Context, n Nudge) (bool, error)

	// SaveCatchUp keeps how far catching up on the channel of incident
	// c.IncidentID has come (c: everything up to it is recorded),
	// replacing what was kept before, until EndCatchUp.
	SaveCatchUp(ctx context.Context, c Cursor) error
	// CatchUps returns the cursors SaveCatchUp kept and EndCatchUp has not
	// ended, by ascending incident id: catch-ups a shutdown interrupted.
	CatchUps(ctx context.Context) ([]Cursor, error)
	// EndCatchUp forgets the catch-up of an incident; one that is not kept
	// is not an error.
	EndCatchUp(ctx context.Context, incidentID int64) error

	// SavePostmortem keeps the latest postmortem draft of an incident.
	SavePostmortem(ctx context.Context, incidentID int64, doc []byte) error
	// Postmortem returns the latest draft, or ErrNotFound.
	Postmortem(ctx context.Context, incidentID int64) ([]byte, error)
}
