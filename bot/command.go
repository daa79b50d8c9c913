package bot

import "time"

// Command is a parsed /incident subcommand. The commands package turns text
// into these; the engine carries them out.
type Command interface {
	// Name is the subcommand, e.g. "declare".
	Name() string
}

// Parser turns the text after the slash command into an Invocation. Errors
// it returns are *Error with code EInvalid and a usage line. now is the
// time relative dates are read against.
type Parser func(text string, now time.Time) (Invocation, error)

// Invocation is a parsed command and the incident it names with --id, if it
// names one (0 means the incident of the channel it was typed in).
type Invocation struct {
	Command    Command
	IncidentID int64
}

// Commands, one type per subcommand. Zero-valued optional fields mean "not
// given".
type (
	// Declare opens an incident and its channel.
	Declare struct {
		Title       string
		Severity    Severity
		SeveritySet bool
		Description string
		Started     time.Time       // --started: when impact began
		Detected    time.Time       // --detected: when it was noticed
		Via         DetectionSource // --via: how it was noticed
	}
	// AssignRole assigns or hands over a war-room role.
	AssignRole struct {
		Role Role
		User string
	}
	// SetSeverity changes the severity.
	SetSeverity struct {
		Severity Severity
		At       time.Time // --at: when it changed, if not now
	}
	// SetStatus changes the status.
	SetStatus struct {
		Status Status
		At     time.Time // --at: when it changed, if not now
	}
	// SetTitle renames the incident (and its channel, where the platform
	// allows).
	SetTitle struct{ Title string }
	// SetStarted corrects when the impact began.
	SetStarted struct{ At time.Time }
	// SetDetected corrects when the incident was noticed and, if Via is
	// set, how.
	SetDetected struct {
		At  time.Time
		Via DetectionSource // --via: how it was noticed; "" keeps it
	}
	// Acknowledge records that the incident is acknowledged.
	Acknowledge struct{ At time.Time }
	// Mitigate records that impact is mitigated.
	Mitigate struct{ At time.Time }
	// Resolve records that the incident is resolved.
	Resolve struct {
		Summary string
		At      time.Time
	}
	// Close closes a resolved incident and posts the postmortem draft.
	Close struct{}
	// Reopen reopens a resolved or closed incident.
	Reopen struct{}
	// PostUpdate posts a structured update. With no text at all it asks for
	// the update form.
	PostUpdate struct {
		Status     Status
		Next       time.Duration
		Text       string
		Changes    string
		Mitigation string
		At         time.Time // --at: when it was given, if not now
	}
	// MarkEvent records a key timeline event.
	MarkEvent struct {
		Text string
		At   time.Time
	}
	// SetImpact records the impact statement or, with From, an impact
	// phase (degraded, down, data loss) of that text from From to To
	// (zero: until resolved). With Drop it drops phase Drop instead; with
	// Show it only answers the statement and the phases.
	SetImpact struct {
		Text     string
		From, To time.Time
		Drop     int
		Show     bool
	}
	// SetSummary records the summary.
	SetSummary struct{ Text string }
	// AddWhy adds the next answer of a why chain: the first one, or the
	// one named Chain.
	AddWhy struct {
		Chain string
		Text  string
	}
	// AddService records an affected service.
	AddService struct{ Service string }
	// AddLesson records what went well, what went wrong or where we got
	// lucky.
	AddLesson struct {
		Kind LessonKind
		Text string
	}
	// LogComms records a communication outside the channel: to Audience,
	// at At (zero: now).
	LogComms struct {
		Audience string
		Text     string
		At       time.Time
	}
	// AddCause adds a contributing factor.
	AddCause struct {
		Category CauseCategory
		Text     string
	}
	// AddAction adds an action item.
	AddAction struct {
		Text     string
		Owner    string
		Due      time.Time
		Priority Severity
		PrioSet  bool
		Type     ActionType
		TypeSet  bool
		// Link is the action's ticket, an http or https URL, if given.
		Link string
		// DuePast, if set, says Due is before today: it is the answer
		// unless the incident's impact start or declaration is before Due.
		DuePast error
	}
	// CompleteAction marks an action item done: the fix is merged, at
	// Link if given. The action is number N of the incident, or, when ID
	// is set, the one whose global id is ID in any incident.
	CompleteAction struct {
		N    int
		ID   int64
		Link string
	}
	// VerifyAction marks an action item (N or ID, as in CompleteAction)
	// verified: a production deployment proved it, shown at Evidence.
	VerifyAction struct {
		N        int
		ID       int64
		Evidence string
	}
	// ReopenAction puts an action item (N or ID) back to open.
	ReopenAction struct {
		N  int
		ID int64
	}
	// DropAction drops an action item (N or ID), keeping it with the
	// reason.
	DropAction struct {
		N      int
		ID     int64
		Reason string
	}
	// ListActions lists the action items.
	ListActions struct{}
	// DraftPostmortem drafts and posts the postmortem now.
	DraftPostmortem struct{}
	// ShowTimeline shows the timeline, or its last N entries.
	ShowTimeline struct{ Last int }
	// ListIncidents lists open incidents.
	ListIncidents struct{}
	// Help answers with help text, already rendered by the parser.
	Help struct {
		Topic string
		Text  string
	}
)

// Name implements Command.
func (Declare) Name() string         { return "declare" }
func (AssignRole) Name() string      { return "role" }
func (SetSeverity) Name() string     { return "sev" }
func (SetStatus) Name() string       { return "status" }
func (SetTitle) Name() string        { return "title" }
func (SetStarted) Name() string      { return "started" }
func (SetDetected) Name() string     { return "detected" }
func (Acknowledge) Name() string     { return "ack" }
func (Mitigate) Name() string        { return "mitigated" }
func (Resolve) Name() string         { return "resolve" }
func (Close) Name() string           { return "close" }
func (Reopen) Name() string          { return "reopen" }
func (PostUpdate) Name() string      { return "update" }
func (MarkEvent) Name() string       { return "event" }
func (SetImpact) Name() string       { return "impact" }
func (SetSummary) Name() string      { return "summary" }
func (AddWhy) Name() string          { return "why" }
func (AddCause) Name() string        { return "cause" }
func (AddService) Name() string      { return "service" }
func (AddLesson) Name() string       { return "lesson" }
func (LogComms) Name() string        { return "comms" }
func (AddAction) Name() string       { return "action add" }
func (CompleteAction) Name() string  { return "action done" }
func (VerifyAction) Name() string    { return "action verify" }
func (ReopenAction) Name() string    { return "action reopen" }
func (DropAction) Name() string      { return "action drop" }
func (ListActions) Name() string     { return "action list" }
func (DraftPostmortem) Name() string { return "postmortem" }
func (ShowTimeline) Name() string    { return "timeline" }
func (ListIncidents) Name() string   { return "list" }
func (Help) Name() string            { return "help" }
