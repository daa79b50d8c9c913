// Package bot is the platform-neutral incident engine: incidents, war-room
// roles, the lifecycle, update reminders, the timeline and the postmortem.
//
// It owns two ports: Chat, which a chat platform adapter implements, and
// Store, which the storage package implements. It imports neither.
package bot

import (
	"fmt"
	"strings"
	"time"
)

// Severity ranks an incident, P0 (critical) to P3 (low).
type Severity int

// Severities, from the seeds: P0 all hands, P1 urgent, P2 scheduled, P3 backlog.
const (
	P0 Severity = iota
	P1
	P2
	P3
)

// Severities lists every severity, most severe first.
var Severities = []Severity{P0, P1, P2, P3}

// String returns "P0".."P3".
func (s Severity) String() string { return fmt.Sprintf("P%d", int(s)) }

// Valid reports whether s is one of P0..P3.
func (s Severity) Valid() bool { return s >= P0 && s <= P3 }

// Describe returns the seeds' one-line meaning of the severity.
func (s Severity) Describe() string {
	switch s {
	case P0:
		return "Critical: system-wide failure, all hands on deck"
	case P1:
		return "High: severe issue affecting some users, urgent fix needed"
	case P2:
		return "Medium: minor impact on service quality"
	case P3:
		return "Low: non-critical, often cosmetic"
	}
	return "unknown"
}

// ParseSeverity parses "P0".."P3" (case-insensitive, "0".."3" also accepted).
func ParseSeverity(s string) (Severity, error) {
	t := strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(s)), "P")
	if len(t) == 1 && t[0] >= '0' && t[0] <= '3' {
		return Severity(t[0] - '0'), nil
	}
	return 0, fmt.Errorf("severity %q is not one of P0, P1, P2, P3", s)
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Status is where an incident stands.
type Status string

// Statuses an incident moves through. Closed follows resolved once the
// postmortem draft is posted.
const (
	StatusInvestigating Status = "investigating"
	StatusIdentified    Status = "identified"
	StatusMonitoring    Status = "monitoring"
	StatusResolved      Status = "resolved"
	StatusClosed        Status = "closed"
)

// ParseStatus parses one of the statuses a person may set (not closed: that
// takes the close command).
func ParseStatus(s string) (Status, error) {
	switch st := Status(strings.ToLower(strings.TrimSpace(s))); st {
	case StatusInvestigating, StatusIdentified, StatusMonitoring, StatusResolved:
		return st, nil
	}
	return "", fmt.Errorf("status %q is not one of investigating, identified, monitoring, resolved", s)
}

// Role is a war-room role.
type Role string

// The war-room roles, from the seeds.
const (
	RoleCommander Role = "ic"
	RoleComms     Role = "comms"
	RoleTier1     Role = "tier1"
	RoleTier2     Role = "tier2"
)

// Roles lists the war-room roles in the order they are shown.
var Roles = []Role{RoleCommander, RoleComms, RoleTier1, RoleTier2}

// Title returns the role's full name, e.g. "Incident Commander".
func (r Role) Title() string {
	switch r {
	case RoleCommander:
		return "Incident Commander"
	case RoleComms:
		return "Comms Lead"
	case RoleTier1:
		return "Tier 1 on-call"
	case RoleTier2:
		return "Tier 2 on-call"
	}
	return string(r)
}

// ParseRole parses ic, comms, tier1 or tier2 (a few spelled-out forms too).
func ParseRole(s string) (Role, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "ic", "commander", "incident-commander":
		return RoleCommander, nil
	case "comms", "comms-lead", "communications":
		return RoleComms, nil
	case "tier1", "t1", "tier-1":
		return RoleTier1, nil
	case "tier2", "t2", "tier-2":
		return RoleTier2, nil
	}
	return "", fmt.Errorf("role %q is not one of ic, comms, tier1, tier2", s)
}

// Incident is one incident and everything said about it except the timeline,
// which is kept apart because it grows without bound.
type Incident struct {
	ID          int64    `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Severity    Severity `json:"severity"`
	Status      Status   `json:"status"`

	// ChannelID and ChannelName identify the incident's own channel.
	ChannelID   string `json:"channel_id,omitempty"`
	ChannelName string `json:"channel_name,omitempty"`
	// DeclaredIn is the channel the declare command was typed in.
	DeclaredIn string `json:"declared_in,omitempty"`
	DeclaredBy string `json:"declared_by"`
	// Platform is the chat platform the incident was run on (the engine's
	// Config.Platform at declare), so an export names it rightly.
	Platform string `json:"platform,omitempty"`
	// Names are the display names the bot knew of the people in the
	// incident, by user id, as of its last postmortem draft: an export
	// without the platform names them as the posted draft did.
	Names map[string]string `json:"names,omitempty"`

	Summary    string `json:"summary,omitempty"`
	Impact     string `json:"impact,omitempty"`
	Resolution string `json:"resolution,omitempty"`
	// Phases are the impact phases (degraded, down, data loss), in time
	// order. The earliest one's start is the impact start unless an
	// earlier one was given on its own.
	Phases []ImpactPhase `json:"phases,omitempty"`
	// StartGiven is the impact start as given on its own (declare
	// --started, started) once there are phases, which may move
	// Milestones.Started earlier; without phases Milestones.Started is it.
	StartGiven time.Time `json:"start_given,omitzero"`

	Milestones Milestones `json:"milestones"`
	// DetectedVia is how the incident was noticed (declare --via).
	DetectedVia DetectionSource `json:"detected_via,omitempty"`

	Roles        []RoleChange `json:"roles,omitempty"`
	Participants []string     `json:"participants,omitempty"`
	Updates      []Update     `json:"updates,omitempty"`
	Whys         []string     `json:"whys,omitempty"`
	// Chains are the named why chains beside Whys (why it was not caught,
	// why recovery was slow), each numbered on its own.
	Chains  []WhyChain `json:"chains,omitempty"`
	Causes  []Cause    `json:"causes,omitempty"`
	Actions []Action   `json:"actions,omitempty"`
	// Services are the affected services, as named.
	Services []string `json:"services,omitempty"`
	// Lessons are what went well, what went wrong and where we got lucky.
	Lessons []Lesson `json:"lessons,omitempty"`
	// Comms are what was said outside the incident channel: status page,
	// customers, executives.
	Comms []Comm `json:"comms,omitempty"`

	Reminder Reminder `json:"reminder"`
	// Archive is where archiving the channel stands, once closed.
	Archive Archive `json:"archive,omitzero"`

	// Void says why declaring the incident failed: its channel could not be
	// made. A void incident is closed, has no channel, is never prompted and
	// takes no commands; its id stays used, as an audit trail.
	Void string `json:"void,omitempty"`

	// SimilarTo are the earlier incidents found like this one when it was
	// declared (the intro lists them); trends count the repeats by it.
	SimilarTo []int64 `json:"similar_to,omitempty"`
}

// Open reports whether the incident is not yet closed.
func (inc *Incident) Open() bool { return inc.Status != StatusClosed }

// Holder returns the user id holding role r now, or "".
func (inc *Incident) Holder(r Role) string {
	for i := len(inc.Roles) - 1; i >= 0; i-- {
		if inc.Roles[i].Role == r {
			return inc.Roles[i].User
		}
	}
	return ""
}

// AddParticipant records user as a participant once; it reports whether
// the user was new.
func (inc *Incident) AddParticipant(user string) bool {
	if user == "" {
		return false
	}
	for _, p := range inc.Participants {
		if p == user {
			return false
		}
	}
	inc.Participants = append(inc.Participants, user)
	return true
}

// Milestones records when each step of the lifecycle happened. A zero time
// means the step has not happened (or was never recorded).
type Milestones struct {
	Started      time.Time `json:"started,omitzero"`
	Detected     time.Time `json:"detected,omitzero"`
	Declared     time.Time `json:"declared,omitzero"`
	Acknowledged time.Time `json:"acknowledged,omitzero"`
	Mitigated    time.Time `json:"mitigated,omitzero"`
	Resolved     time.Time `json:"resolved,omitzero"`
	Closed       time.Time `json:"closed,omitzero"`
}

// RoleChange is one assignment of a role; the list of them is the history
// of holders, and the last one per role is the current holder.
type RoleChange struct {
	Role Role      `json:"role"`
	User string    `json:"user"`
	By   string    `json:"by"`
	At   time.Time `json:"at"`
}

// Update is a structured status update, with the fields the seeds ask for.
type Update struct {
	At         time.Time `json:"at"`
	By         string    `json:"by"`
	Status     Status    `json:"status"`
	Changes    string    `json:"changes,omitempty"`
	Mitigation string    `json:"mitigation,omitempty"`
	Text       string    `json:"text,omitempty"`
	NextAt     time.Time `json:"next_at,omitzero"`
}

// CauseCategory groups contributing factors as the seeds do.
type CauseCategory string

// Contributing-factor categories.
const (
	CauseTechnical  CauseCategory = "technical"
	CauseProcess    CauseCategory = "process"
	CauseMonitoring CauseCategory = "monitoring"
)

// CauseCategories lists the categories in the order they are shown.
var CauseCategories = []CauseCategory{CauseTechnical, CauseProcess, CauseMonitoring}

// Title returns the category's heading.
func (c CauseCategory) Title() string {
	switch c {
	case CauseTechnical:
		return "Technical failures"
	case CauseProcess:
		return "Process gaps"
	case CauseMonitoring:
		return "Monitoring and alerting"
	}
	return string(c)
}

// ParseCauseCategory parses technical, process or monitoring.
func ParseCauseCategory(s string) (CauseCategory, error) {
	switch c := CauseCategory(strings.ToLower(strings.TrimSpace(s))); c {
	case CauseTechnical, CauseProcess, CauseMonitoring:
		return c, nil
	case "alerting":
		return CauseMonitoring, nil
	}
	return "", fmt.Errorf("category %q is not one of technical, process, monitoring", s)
}

// Cause is a contributing factor.
type Cause struct {
	Category CauseCategory `json:"category"`
	Text     string        `json:"text"`
	By       string        `json:"by"`
	At       time.Time     `json:"at"`
}

// ActionType says what an action item does, as the seeds type them.
type ActionType string

// Action item types.
const (
	ActionPrevent  ActionType = "prevent"
	ActionMitigate ActionType = "mitigate"
	ActionProcess  ActionType = "process"
)

// ActionTypes lists the action item types in the order they are shown.
var ActionTypes = []ActionType{ActionPrevent, ActionMitigate, ActionProcess}

// ParseActionType parses prevent, mitigate or process.
func ParseActionType(s string) (ActionType, error) {
	switch t := strings.ToLower(strings.TrimSpace(s)); t {
	case "prevent", "preventive", "preventative":
		return ActionPrevent, nil
	case "mitigate", "mitigative":
		return ActionMitigate, nil
	case "process", "other":
		return ActionProcess, nil
	}
	return "", fmt.Errorf("action type %q is not one of prevent, mitigate, process", s)
}

// Action is a corrective or preventive action item. It moves open → done
// (the fix is merged) → verified (a production deployment proved it), and
// may be reopened or dropped with a reason; State says where it stands.
type Action struct {
	// N numbers the action within its incident, from 1.
	N int `json:"n"`
	// ID numbers the action across all incidents; the store assigns it
	// when the action is first stored.
	ID       int64      `json:"id,omitempty"`
	Text     string     `json:"text"`
	Owner    string     `json:"owner,omitempty"`
	Priority Severity   `json:"priority"`
	Type     ActionType `json:"type"`
	// PriorityDefaulted and TypeDefaulted say nobody chose them: the
	// defaults (P2, prevent) were filled in, and the draft says so.
	PriorityDefaulted bool      `json:"priority_defaulted,omitempty"`
	TypeDefaulted     bool      `json:"type_defaulted,omitempty"`
	Due               time.Time `json:"due,omitzero"`
	// Link is the action's ticket (an http or https URL), if given.
	Link string `json:"link,omitempty"`
	// Done is set once the fix is merged, and stays set when verified.
	Done     bool      `json:"done,omitempty"`
	DoneAt   time.Time `json:"done_at,omitzero"`
	DoneBy   string    `json:"done_by,omitempty"`
	DoneLink string    `json:"done_link,omitempty"`
	// VerifiedAt is when a production deployment was shown to prove the
	// fix; Evidence links to it.
	VerifiedAt time.Time `json:"verified_at,omitzero"`
	VerifiedBy string    `json:"verified_by,omitempty"`
	Evidence   string    `json:"evidence,omitempty"`
	// DroppedAt is when the action was dropped, for DropReason.
	DroppedAt  time.Time `json:"dropped_at,omitzero"`
	DroppedBy  string    `json:"dropped_by,omitempty"`
	DropReason string    `json:"drop_reason,omitempty"`
	By         string    `json:"by"`
	At         time.Time `json:"at"`
}

// Reminder is the update-reminder state of an incident. It lives in the
// store so that reminders survive a restart and never fire twice for one
// due time.
type Reminder struct {
	// Due is when the next update is due; zero means no reminders.
	Due time.Time `json:"due,omitzero"`
	// Missed counts prompts sent since the last update.
	Missed int `json:"missed,omitempty"`
	// LastPrompt is the due time the last prompt was sent for.
	LastPrompt time.Time `json:"last_prompt,omitzero"`
}

// WhyChain is a named chain of whys: each answer asks "Why?" of the one
// before it.
type WhyChain struct {
	Name string   `json:"name"`
	Whys []string `json:"whys"`
}

// LessonKind says which of the three questions a lesson answers.
type LessonKind string

// Lesson kinds, in the order the postmortem shows them.
const (
	LessonWell  LessonKind = "well"
	LessonWrong LessonKind = "wrong"
	LessonLucky LessonKind = "lucky"
)

// LessonKinds lists the lesson kinds in the order they are shown.
var LessonKinds = []LessonKind{LessonWell, LessonWrong, LessonLucky}

// Title returns the lesson kind's heading.
func (k LessonKind) Title() string {
	switch k {
	case LessonWell:
		return "What went well"
	case LessonWrong:
		return "What went wrong"
	case LessonLucky:
		return "Where we got lucky"
	}
	return string(k)
}

// ParseLessonKind parses well, wrong or lucky.
func ParseLessonKind(s string) (LessonKind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "well", "good":
		return LessonWell, nil
	case "wrong", "bad":
		return LessonWrong, nil
	case "lucky", "luck":
		return LessonLucky, nil
	}
	return "", fmt.Errorf("lesson %q is not one of well, wrong, lucky", s)
}

// Lesson is one lesson learned.
type Lesson struct {
	Kind LessonKind `json:"kind"`
	Text string     `json:"text"`
	By   string     `json:"by"`
	At   time.Time  `json:"at"`
}

// Comm is one communication outside the incident channel.
type Comm struct {
	// Audience is where it went or to whom: status page, customers,
	// executives.
	Audience string    `json:"audience"`
	Text     string    `json:"text"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
}

// DetectionSource is how an incident was noticed.
type DetectionSource string

// Detection sources.
const (
	DetectedByAlert      DetectionSource = "alert"
	DetectedByCustomer   DetectionSource = "customer"
	DetectedByStaff      DetectionSource = "staff"
	DetectedByMonitoring DetectionSource = "monitoring"
)

// DetectionSources lists the detection sources.
var DetectionSources = []DetectionSource{DetectedByAlert, DetectedByCustomer, DetectedByStaff, DetectedByMonitoring}

// Describe says how the incident was noticed, as a sentence's end.
func (d DetectionSource) Describe() string {
	switch d {
	case DetectedByAlert:
		return "an alert paged the on-call"
	case DetectedByCustomer:
		return "a customer reported it"
	case DetectedByStaff:
		return "someone on staff noticed it"
	case DetectedByMonitoring:
		return "monitoring or a dashboard showed it"
	}
	return string(d)
}

// ParseDetectionSource parses alert, customer, staff or monitoring.
func ParseDetectionSource(s string) (DetectionSource, error) {
	switch d := DetectionSource(strings.ToLower(strings.TrimSpace(s))); d {
	case DetectedByAlert, DetectedByCustomer, DetectedByStaff, DetectedByMonitoring:
		return d, nil
	case "customers", "user", "users":
		return DetectedByCustomer, nil
	}
	return "", fmt.Errorf("detection source %q is not one of alert, customer, staff, monitoring", s)
}
