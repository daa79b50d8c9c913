package bot

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ArchiveNever, as Config.ArchiveAfter, keeps closed incidents' channels
// where they are.
const ArchiveNever time.Duration = -1

// DefaultArchiveAfter is how long after an incident is closed its channel
// is archived, unless configured otherwise.
const DefaultArchiveAfter = 24 * time.Hour

const (
	// archiveLease is how long a claim on archiving a channel holds: a
	// sweep that claimed it and died is taken over after it.
	archiveLease = 10 * time.Minute
	// archiveRetry is how long after a failed archiving the next try is due
	// (times the failures so far, at most archiveRetryMax).
	archiveRetry    = 15 * time.Minute
	archiveRetryMax = 6 * time.Hour
	// archiveSweepEvery is how often the sweep looks for channels due:
	// archiving is scheduled in hours, and a store without ArchiveLister
	// reads every incident for it, closed ones included, so not at every
	// reminder sweep.
	archiveSweepEvery = time.Minute
)

// Archiver is implemented by adapters that can put a closed incident's
// channel away, so that a platform's limits on channels (Discord: 50 per
// category, 500 per server) are not used up by incidents long closed.
type Archiver interface {
	// ArchiveChannel puts a channel away: Discord moves it to an archive
	// category, Slack archives it. An archived channel is not an error.
	ArchiveChannel(ctx context.Context, channelID string) error
	// UnarchiveChannel brings an archived channel back where incidents
	// are worked. A channel that is not archived is not an error.
	UnarchiveChannel(ctx context.Context, channelID string) error
}

// ArchiveLister is implemented by stores that can list the incidents whose
// archiving is pending without reading every incident, as the archive
// sweep would through Store.Incidents. A store that implements it is held
// to it by the conformance suite (store/storetest).
type ArchiveLister interface {
	// ArchivesPending returns, by ascending id and in full, the incidents
	// whose Archive.Due is set and Archive.Done zero, as of the latest
	// UpdateIncident that returned: those the sweep may find due, and no
	// others.
	ArchivesPending(ctx context.Context) ([]*Incident, error)
}

// Archive is the archiving state of an incident's channel. It lives in the
// store, so a restart neither loses a due archiving nor does it twice.
type Archive struct {
	// Due is when the channel is to be archived; zero means it is not.
	Due time.Time `json:"due,omitzero"`
	// Claimed is when a sweep took the archiving on; it holds for
	// archiveLease.
	Claimed time.Time `json:"claimed,omitzero"`
	// Done is when the channel was archived; zero means it is not.
	Done time.Time `json:"done,omitzero"`
	// Failures counts failed tries since it was due.
	Failures int `json:"failures,omitempty"`
}

// archiveDue reports whether an incident's channel is due to be archived at
// now and nobody holds the claim on it.
func archiveDue(inc *Incident, now time.Time) bool {
	a := inc.Archive
	return !inc.Open() && inc.ChannelID != "" && inc.Void == "" && !a.Due.IsZero() && a.Done.IsZero() &&
		!now.Before(a.Due) && (a.Claimed.IsZero() || now.Sub(a.Claimed) >= archiveLease)
}

// archiver returns the adapter's Archiver, nil if it has none or archiving
// is off.
func (e *Engine) archiver() Archiver {
	ar, ok := e.chat.(Archiver)
	if !ok || e.cfg.ArchiveAfter < 0 {
		return nil
	}
	return ar
}

// scheduleArchive makes a closed incident's channel due to be archived
// after Config.ArchiveAfter, and archives it at once when that is 0.
func (e *Engine) scheduleArchive(ctx context.Context, inc *Incident) {
	if e.archiver() == nil || inc.ChannelID == "" {
		return
	}
	now := e.clock.Now()
	due := now.Add(e.cfg.ArchiveAfter)
	if _, err := e.store.UpdateIncident(ctx, inc.ID, func(inc *Incident) error {
		if inc.Open() {
			return errNotDue
		}
		inc.Archive = Archive{Due: due}
		return nil
	}); err != nil {
		if !errors.Is(err, errNotDue) {
			e.log.Error().Err(err).Int64("incident", inc.ID).Msg("schedule archiving the channel")
		}
		return
	}
	if e.cfg.ArchiveAfter == 0 {
		if err := e.archive(ctx, inc.ID, now); err != nil {
			e.log.Error().Err(err).Int64("incident", inc.ID).Msg("archive the channel")
		}
	}
}

// sweepArchives archives every channel that is due, at most every
// archiveSweepEvery.
func (e *Engine) sweepArchives(ctx context.Context, now time.Time) error {
	if e.archiver() == nil {
		return nil
	}
	e.archiveM.Lock()
	last := e.archiveSwept
	if !last.IsZero() && now.Sub(last) < archiveSweepEvery && !now.Before(last) {
		e.archiveM.Unlock()
		return nil
	}
	e.archiveSwept = now
	e.archiveM.Unlock()
	read := func(ctx context.Context) ([]*Incident, error) { return e.store.Incidents(ctx, false) }
	if al, ok := e.store.(ArchiveLister); ok {
		read = al.ArchivesPending
	}
	incs, err := read(ctx)
	if err != nil {
		return fmt.Errorf("sweep archives: %w", err)
	}
	var errs []error
	for _, inc := range incs {
		if archiveDue(inc, now) {
			if err := e.archive(ctx, inc.ID, now); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// errReopened stops recording an archiving whose incident was reopened
// while the channel was being archived.
var errReopened = errors.New("incident reopened while archiving")

// archive claims the archiving of incident id's channel in a transaction,
// archives it, and records the outcome: done, or due again later. A reopen
// while it runs wins: the channel is brought back.
func (e *Engine) archive(ctx context.Context, id int64, now time.Time) error {
	ar := e.archiver()
	inc, err := e.store.UpdateIncident(ctx, id, func(inc *Incident) error {
		if !archiveDue(inc, now) {
			return errNotDue
		}
		inc.Archive.Claimed = now
		return nil
	})
	if errors.Is(err, errNotDue) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("claim archiving of INC-%d: %w", id, err)
	}
	archErr := ar.ArchiveChannel(ctx, inc.ChannelID)
	_, err = e.store.UpdateIncident(ctx, id, func(inc *Incident) error {
		if !inc.Archive.Claimed.Equal(now) {
			return errReopened
		}
		inc.Archive.Claimed = time.Time{}
		if archErr != nil {
			inc.Archive.Failures++
			inc.Archive.Due = now.Add(min(archiveRetry*time.Duration(inc.Archive.Failures), archiveRetryMax))
			return nil
		}
		inc.Archive.Done, inc.Archive.Failures = now, 0
		return nil
	})
	switch {
	case errors.Is(err, errReopened):
		if archErr == nil {
			if err := ar.UnarchiveChannel(ctx, inc.ChannelID); err != nil {
				return fmt.Errorf("bring back the channel of INC-%d, reopened while it was archived: %w", id, err)
			}
		}
		return nil
	case err != nil:
		return fmt.Errorf("record archiving of INC-%d: %w", id, errors.Join(archErr, err))
	case archErr != nil:
		return fmt.Errorf("archive the channel of INC-%d: %w", id, archErr)
	}
	e.log.Info().Int64("incident", id).Str("channel", inc.ChannelID).Msg("channel archived")
	return nil
}

// unarchive brings back the channel of an incident being reopened, before
// the reopen is recorded: a reopened incident's channel must take posts.
func (e *Engine) unarchive(ctx context.Context, inc *Incident) error {
	ar, ok := e.chat.(Archiver)
	if !ok || inc.ChannelID == "" || (inc.Archive.Done.IsZero() && inc.Archive.Claimed.IsZero()) {
		return nil
	}
	if err := ar.UnarchiveChannel(ctx, inc.ChannelID); err != nil {
		return fmt.Errorf("bring back the channel of INC-%d: %w", inc.ID, err)
	}
	return nil
}
