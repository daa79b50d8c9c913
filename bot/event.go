package bot

import "time"

// EventKind says what happened in a channel.
type EventKind string

// Channel events an adapter delivers.
const (
	MessagePosted  EventKind = "posted"
	MessageEdited  EventKind = "edited"
	MessageDeleted EventKind = "deleted"
	ReactionAdded  EventKind = "reaction"
	FileShared     EventKind = "file"
	MemberJoined   EventKind = "joined"
)

// PinReaction is the reaction that marks a message as a key event. Adapters
// translate the platform's name for it (Slack "pushpin", Discord "📌").
const PinReaction = "pushpin"

// Event is something that happened in a channel, in platform-neutral form.
type Event struct {
	Kind EventKind
	// EventID is the platform's id for the delivery, if it has one, for
	// logs. Redeliveries are recognised by what the event is about (the
	// message id, and the edit's time), not by this id, which some
	// platforms change between deliveries.
	EventID   string
	ChannelID string
	// MessageID is the platform id of the message the event is about (for a
	// file, the file's id).
	MessageID string
	User      string
	// UserName is the person's name where the platform's event says it;
	// when empty, the engine asks the Namer (see NameWait).
	UserName string
	// At is when it happened; zero means "now" by the engine's clock, for
	// platforms that do not say (Discord deletions and reactions).
	At   time.Time
	Text string
	// PrevText is the text before an edit, when the platform tells it.
	PrevText string
	// Reaction is the reaction name for ReactionAdded.
	Reaction string
	// FileName and FileURL describe a shared file.
	FileName string
	FileURL  string
	// Thread names the thread of ChannelID the message was posted in
	// (Discord threads' names), "" for the channel itself. Adapters hand
	// in a thread's messages as events of the channel it belongs to.
	Thread string
	// ThreadID is the message that started the thread a message is a
	// reply in, where the thread is not a channel of its own (a Slack
	// reply's thread_ts); "" for a message of the channel itself. The
	// engine names the thread by that message (see Entry.Thread).
	ThreadID string
	// Self marks the bot's own message, where an adapter hands one in
	// (see Recent); the engine records none.
	Self bool
}

// Request is a slash command as typed: who, where, and the text after the
// command name.
type Request struct {
	User     string
	UserName string
	// Groups are the user's platform groups (Slack user groups, Discord
	// roles) where the adapter knows them, for the admin check.
	Groups    []string
	ChannelID string
	// ThreadID is the thread the command was given in, where the
	// platform says it: a Slack thread's ts, or a Discord thread's
	// channel id (ChannelID is then the channel the thread is in); ""
	// otherwise. A declare reads the thread, not the channel, for what
	// was said before it.
	ThreadID string
	Text     string
	// Forms is true when this invocation can open a form (the adapter has a
	// trigger for it).
	Forms bool
}

// Response is the private answer to a Request: shown to the invoker only.
// Public effects are posted to channels by the engine itself.
type Response struct {
	Text string
	// Code is the error code when the command failed, "" when it worked.
	Code string
	// Form, when set, asks the adapter to open this form instead of
	// answering with Text.
	Form *Form
}

// FormKind names a form.
type FormKind string

// Forms the engine opens.
const (
	FormDeclare FormKind = "declare"
	FormUpdate  FormKind = "update"
)

// Form is a modal dialog with fields, for platforms that have them.
type Form struct {
	Kind   FormKind
	Title  string
	Submit string
	// IncidentID and ChannelID must come back in the Submission; adapters
	// carry them in the platform's private metadata.
	IncidentID int64
	ChannelID  string
	Fields     []Field
}

// Field is one input of a form.
type Field struct {
	ID          string
	Label       string
	Placeholder string
	Multiline   bool
	Optional    bool
	// Options makes the field a choice; Initial is the preselected option.
	Options []string
	Initial string
}

// Submission is a submitted form.
type Submission struct {
	Kind       FormKind
	IncidentID int64
	ChannelID  string
	User       string
	UserName   string
	Groups     []string
	Values     map[string]string
	// ID is the platform's id of the submitted form (a Slack view id), ""
	// when it has none. A form submitted twice under one id is carried out
	// once.
	ID string
	// Acked says the platform's acknowledgement has gone before Submit
	// (Slack closes the modal on it), so nobody sees what Submit returns:
	// the engine answers the submitter privately in ChannelID when done.
	Acked bool
}
