package bot

import (
	"io"
	"time"
)

// PostmortemData is everything a postmortem draft is made of: the incident,
// its timeline and a way to name people. The draft is a pure function of
// it (package postmortem renders it).
type PostmortemData struct {
	Incident *Incident
	// Timeline calls fn for each entry in time order (it is Store.Timeline
	// bound to the incident).
	Timeline func(fn func(*Entry) error) error
	// Name returns a display name for a user id ("" or the id itself if
	// unknown).
	Name     func(user string) string
	Platform string
	Drafted  time.Time
	// Command is the slash command the draft's hints name ("" means
	// DefaultCommand).
	Command string
	// Spell spells a subcommand in the draft's hints, slash command
	// included (Options.Spell); nil means Command, a space and the name.
	Spell func(sub string) string
	// Similar are the earlier incidents like this one, for the "Have we
	// seen this before?" section; SimilarSearched says they were looked
	// for (without it the section is left out: nothing could look).
	Similar         []Similar
	SimilarSearched bool
}

// PostmortemWriter writes the postmortem draft of d to w. It is a port, as
// Parser is: package postmortem implements it (postmortem.Write), and the
// engine only asks for a draft when an incident closes or someone wants one.
type PostmortemWriter func(w io.Writer, d PostmortemData) error
