package bot

import "time"

// EntryKind says what a timeline entry records.
type EntryKind string

// Entry kinds. The first group comes from people in the channel, the second
// from the bot's own actions.
const (
	EntryMessage EntryKind = "message" // a message posted in the channel
	EntryEdit    EntryKind = "edit"    // a new version of a message
	EntryDelete  EntryKind = "delete"  // a message deleted; Original keeps its text
	EntryPin     EntryKind = "pin"     // a message marked as a key event (pushpin)
	EntryFile    EntryKind = "file"    // a file shared: name and link, not content
	EntryJoin    EntryKind = "join"    // someone joined the channel
	// EntryBefore is a message said in the channel the incident was
	// declared from, shortly before the declaration (see Recent).
	EntryBefore EntryKind = "before"

	EntryDeclared   EntryKind = "declared"
	EntryRole       EntryKind = "role"
	EntrySeverity   EntryKind = "severity"
	EntryStatus     EntryKind = "status"
	EntryMilestone  EntryKind = "milestone" // acknowledged, mitigated, resolved, closed, reopened
	EntryUpdate     EntryKind = "update"
	EntryEvent      EntryKind = "event" // a key event marked with the event command
	EntryNote       EntryKind = "note"  // impact, summary, whys, causes, actions
	EntryReminder   EntryKind = "reminder"
	EntryEscalation EntryKind = "escalation"
	EntryRefused    EntryKind = "refused" // a command that was not allowed
)

// Phase is the part of the incident an entry falls in, for grouping the
// postmortem timeline.
type Phase int

// Phases, in order.
const (
	PhaseDetection  Phase = iota // before acknowledgement
	PhaseResponse                // acknowledged until resolved: response and mitigation
	PhaseResolution              // resolved and after
)

// Entry is one timeline record. Entries are only ever appended: an edit is
// a new entry and the original stays.
type Entry struct {
	IncidentID int64 `json:"incident_id"`
	// Seq is assigned by the store and orders entries with equal times.
	Seq uint64    `json:"seq"`
	At  time.Time `json:"at"`

	Kind EntryKind `json:"kind"`
	// Author is the platform user id; AuthorName a display name if known.
	Author     string `json:"author,omitempty"`
	AuthorName string `json:"author_name,omitempty"`
	// MessageID is the platform's id of the message the entry is about.
	MessageID string `json:"message_id,omitempty"`
	// Key makes the append idempotent: a second entry with the same
	// non-empty Key in the same incident is not stored.
	Key  string `json:"key,omitempty"`
	Text string `json:"text"`
	// Original is the text before an edit or deletion.
	Original string `json:"original,omitempty"`
	// KeyEvent marks entries shown in bold in the postmortem.
	KeyEvent bool `json:"key_event,omitempty"`
	// Bot is true for entries the bot wrote about its own actions.
	Bot bool `json:"bot,omitempty"`
	// Thread names the thread of the incident channel a message was
	// posted in (a Discord thread's name, or the first words of the
	// message a Slack thread replies to), "" for the channel itself.
	Thread string `json:"thread,omitempty"`
	// ThreadID is the message a reply's thread started with (Event.ThreadID),
	// so a reply is marked as one even when that message is not in the
	// timeline to name the thread (the bot's own, say).
	ThreadID string `json:"thread_id,omitempty"`
}
