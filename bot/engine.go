package bot

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/rs/zerolog"
)

// Config holds the engine's settings.
type Config struct {
	// DefaultSeverity is used when declare names none. The zero value is P0,
	// so New replaces an unset config with P2 only through DefaultConfig.
	DefaultSeverity Severity
	// Reminders is the update interval for each severity; 0 means no
	// reminders for that severity.
	Reminders [4]time.Duration
	// EscalateAfter is how many missed prompts escalate; 0 means 2.
	EscalateAfter int
	// Platform names the chat platform, for the postmortem header.
	Platform string
	// FollowUps says when action owners are nudged; the zero value never.
	FollowUps FollowUpConfig
	// ArchiveAfter is how long after an incident is closed (and its
	// postmortem posted) its channel is archived, where the adapter can
	// (bot.Archiver); 0 means at once, ArchiveNever never. DefaultConfig
	// sets DefaultArchiveAfter.
	ArchiveAfter time.Duration
	// Admins are user or group ids that may do what otherwise only the
	// Incident Commander may (see the policy in policy.go).
	Admins []string
	// Command is the slash command as people type it, e.g. "/incident":
	// every text the engine writes that names a command names it so. ""
	// means DefaultCommand. It must be the command the Parser parses for.
	Command string
}

// DefaultCommand is the slash command texts name when Config.Command is
// unset.
const DefaultCommand = "/incident"

// DefaultConfig returns the defaults: P2, reminders every 15m for P0, 30m
// for P1, 60m for P2 and none for P3, escalation after two missed prompts.
func DefaultConfig() Config {
	return Config{
		DefaultSeverity: P2,
		Reminders:       [4]time.Duration{15 * time.Minute, 30 * time.Minute, 60 * time.Minute, 0},
		EscalateAfter:   2,
		ArchiveAfter:    DefaultArchiveAfter,
	}
}

// Engine runs incidents. Adapters call Command, Record and Submit; the
// engine answers through Chat and keeps everything in Store.
type Engine struct {
	store Store
	chat  Chat
	parse Parser
	write PostmortemWriter
	// finder finds similar incidents; nil means none are listed.
	finder Finder
	// chart draws the stats chart; nil means none is posted.
	chart Charter
	clock Clock
	cfg   Config
	log   zerolog.Logger
	obs   Observer
	// channels caches which incident each channel is, for Record.
	channels channels
	// in is the way in for platform events and catch-up: see Ingest.
	in *Ingest
	// submitted holds the ids of forms carried out, against doubles.
	submitted submitted
	// archiveSwept is when the sweep last looked for channels to archive.
	archiveM     sync.Mutex
	archiveSwept time.Time
	// indexing lists the incidents declared while the finder was built.
	indexingM sync.Mutex
	indexing  indexing
	// spell spells a subcommand for a text that says what to type
	// (Options.Spell).
	spell func(sub string) string
}

// Options are the dependencies of an Engine.
type Options struct {
	Store  Store
	Chat   Chat
	Parser Parser
	// Postmortem drafts postmortems (postmortem.Write); nil means none can
	// be drafted, and closing an incident says so.
	Postmortem PostmortemWriter
	// Finder finds similar past incidents (search.Index); nil means
	// none are listed.
	Finder Finder
	// Charter draws the stats chart (chart.PNG); nil means stats post no
	// chart.
	Charter Charter
	Clock   Clock // nil means WallClock
	Config  Config
	Log     zerolog.Logger
	// Observer is told about appends and reminders; nil means NopObserver.
	Observer Observer
	// Spell spells a subcommand as people type it on this platform, slash
	// command included (commands.Parser.Spell): "cause" is "/incident
	// writeup cause" where the platform lists it under a group. nil means
	// Config.Command, a space and the name.
	Spell func(sub string) string
}

// New returns an Engine.
func New(o Options) *Engine {
	if o.Clock == nil {
		o.Clock = WallClock{}
	}
	if o.Observer == nil {
		o.Observer = NopObserver{}
	}
	if o.Config.EscalateAfter <= 0 {
		o.Config.EscalateAfter = 2
	}
	if o.Config.Command == "" {
		o.Config.Command = DefaultCommand
	}
	if o.Spell == nil {
		command := o.Config.Command
		o.Spell = func(sub string) string { return command + " " + sub }
	}
	e := &Engine{
		store:  o.Store,
		chat:   o.Chat,
		parse:  o.Parser,
		write:  o.Postmortem,
		finder: o.Finder,
		chart:  o.Charter,
		clock:  o.Clock,
		cfg:    o.Config,
		log:    o.Log,
		obs:    o.Observer,
		spell:  o.Spell,
	}
	namer, _ := o.Chat.(Namer)
	e.in = NewIngest(e, IngestOptions{Log: o.Log, Namer: namer})
	return e
}

// Ingest implements Handler: see Ingest.Ingest.
func (e *Engine) Ingest(ctx context.Context, evs []Event, ack func(error)) {
	e.in.Ingest(ctx, evs, ack)
}

// CatchUp implements Handler: see Ingest.CatchUp.
func (e *Engine) CatchUp(ctx context.Context, hist History) <-chan struct{} {
	return e.in.CatchUp(ctx, hist)
}

// Cursor is where catching up on an incident channel's history starts: the
// last message recorded from it (zero At and empty MessageID when none).
type Cursor struct {
	IncidentID int64
	ChannelID  string
	MessageID  string
	At         time.Time
}

// CatchUpCursors implements Ledger: a Cursor for each open incident with
// a channel, after the last message recorded from it (or its declaration),
// and for each incident, open or closed, whose last catch-up did not
// finish, where that one stopped (the earlier of the two for an open one).
func (e *Engine) CatchUpCursors(ctx context.Context) ([]Cursor, error) {
	cs, err := e.Cursors(ctx)
	if err != nil {
		return nil, err
	}
	pending, err := e.store.CatchUps(ctx)
	if err != nil {
		return nil, fmt.Errorf("list unfinished catch-ups: %w", err)
	}
	at := make(map[int64]int, len(cs))
	for i, c := range cs {
		at[c.IncidentID] = i
	}
	for _, p := range pending {
		i, ok := at[p.IncidentID]
		switch {
		case !ok:
			cs = append(cs, p)
		case p.At.Before(cs[i].At):
			cs[i] = p
		}
	}
	return cs, nil
}

// SaveCatchUp implements Ledger with the store: how far catching up has
// come survives a restart, so that it resumes there, also for an incident
// closed in between.
func (e *Engine) SaveCatchUp(ctx context.Context, c Cursor, done bool) error {
	if done {
		return e.store.EndCatchUp(ctx, c.IncidentID)
	}
	return e.store.SaveCatchUp(ctx, c)
}

// Cursors returns a Cursor for each open incident, for adapters to read back
// channel history they may have missed while disconnected.
func (e *Engine) Cursors(ctx context.Context) ([]Cursor, error) {
	incs, err := e.store.Incidents(ctx, true)
	if err != nil {
		return nil, err
	}
	var cs []Cursor
	for _, inc := range incs {
		if inc.ChannelID == "" {
			continue
		}
		c := Cursor{IncidentID: inc.ID, ChannelID: inc.ChannelID, At: inc.Milestones.Declared}
		last, err := e.store.LastMessage(ctx, inc.ID)
		switch {
		case err == nil:
			c.MessageID, c.At = last.MessageID, last.At
		case ErrorCode(err) != ENotFound:
			return nil, err
		}
		cs = append(cs, c)
	}
	return cs, nil
}
