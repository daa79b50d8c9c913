package commands

import (
	"fmt"
	"slices"
	"strings"

	"github.com/warroom-dev/warroom/bot"
)

// DefaultCommand is the slash command usage lines show unless a Parser names
// another.
const DefaultCommand = bot.DefaultCommand

// Kind is the type of an option's value: how it is read from text and how a
// platform with typed options (Discord) offers it.
type Kind int

// The kinds of option values.
const (
	// Text is free text; a positional Text option takes the rest of the
	// words.
	Text Kind = iota
	// Choice is one of the option's Choices (aliases that the bot's Parse
	// functions know are accepted too).
	Choice
	// User is a user mention.
	User
	// Number is a whole number from 1.
	Number
	// Time is a TIME: 15:04, 2006-01-02 15:04, RFC 3339, -15m or 15m ago.
	Time
	// Date is a DATE: 2006-01-02, +3d, tomorrow, friday and so on.
	Date
	// Duration is a duration such as 30m, 1h or 1d.
	Duration
	// Switch is a flag that takes no value, e.g. --all: given or not.
	Switch
	// URL is an http or https link.
	URL
	// ActionRef is an action item: its number in the incident (2 or #2),
	// or its global id across incidents, which works in any channel.
	ActionRef
)

// Option is one argument or flag of a subcommand.
type Option struct {
	// Name names the option, e.g. "severity" or "title": Discord shows it
	// as the option's name.
	Name string
	// Flag is the flag it is typed as, without dashes (--sev VALUE: "sev");
	// "" means it is positional, in the order of the subcommand's options.
	Flag string
	// Kind is the type of its value.
	Kind Kind
	// Choices are the values a Choice option takes, as shown.
	Choices []string
	// Required says it must be given.
	Required bool
	// Max is the longest value accepted, in characters (0: no limit
	// beyond MaxLen).
	Max int
	// Meta is how its value is written in the synopsis, e.g. "P0..P3",
	// "@user" or "TIME"; a Choice option without one lists its choices.
	Meta string
	// Desc says in a few words what it is (Discord shows it beside the
	// option: at most 100 characters).
	Desc string
}

// Spec describes one subcommand: how it is typed and what it does. The help
// text, usage lines and every platform's typed schema (Discord's
// application command) are rendered from it.
type Spec struct {
	// Name is the subcommand as typed, e.g. "declare" or "action add". A
	// name of two words is a subcommand of a group (see Groups).
	Name string
	// Aliases are other names for it, e.g. "actions" for "action list".
	Aliases []string
	// Options are its arguments and flags, in synopsis order. Every
	// subcommand also accepts --id (see IDOption).
	Options []Option
	// Summary says in one line what it does (at most 100 characters: it
	// is Discord's description of the subcommand).
	Summary string
	// Example is the arguments of an example use.
	Example string
	// Anywhere says it does not act on one incident, so a platform with
	// typed options offers no --id for it.
	Anywhere bool
	// DiscordGroup, when set, lists a one-word subcommand under that group
	// (one of Groups) in Discord's schema, which allows 25 subcommands and
	// groups under /incident: when TestCommandsFitDiscordLimits says the
	// top level is full, give related subcommands a DiscordGroup. The text
	// grammar accepts both "why x" and "<group> why x"; Discord users pick
	// "/incident <group> why".
	DiscordGroup string
}

// Group is a word that starts the names of several subcommands, e.g.
// "action" for "action add", "action done" and "action list".
type Group struct {
	// Name is the first word.
	Name string
	// Summary says in one line what its subcommands are about.
	Summary string
}

// Groups lists the groups of subcommands.
var Groups = []Group{
	{Name: "action", Summary: "Action items"},
	{Name: "writeup", Summary: "The write-up: contributing factors, affected services, lessons, communications"},
	{Name: "learn", Summary: "Learning from incidents: follow-ups, similar incidents, trends"},
}

// Values of choice options, as shown.
var (
	// Severities are P0..P3.
	Severities = names(bot.Severities)
	// Roles are the war-room roles.
	Roles = names(bot.Roles)
	// Statuses are the statuses a person may set.
	Statuses = []string{string(bot.StatusInvestigating), string(bot.StatusIdentified), string(bot.StatusMonitoring), string(bot.StatusResolved)}
	// CauseCategories are the categories of contributing factors.
	CauseCategories = names(bot.CauseCategories)
	// ActionTypes are the types of action items.
	ActionTypes = names(bot.ActionTypes)
	// LessonKinds are the kinds of lessons learned.
	LessonKinds = names(bot.LessonKinds)
	// DetectionSources are how an incident can be noticed.
	DetectionSources = names(bot.DetectionSources)
)

// names returns the values as strings, e.g. "P1" or "tier2".
func names[T any](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = fmt.Sprint(v)
	}
	return out
}

// Options shared by several subcommands.
var (
	atOption   = Option{Name: "at", Flag: "at", Kind: Time, Meta: "TIME", Desc: "When, if not now: 14:05, 2024-05-01 14:05 or 15m ago (UTC)"}
	textOption = func(desc string) Option {
		return Option{Name: "text", Kind: Text, Required: true, Desc: desc}
	}
)

// actionItem names an action item: its number, as action list shows it,
// or its global id, as followups and the nudges show it.
var actionItem = Option{Name: "n", Kind: ActionRef, Required: true, Max: maxActionRef, Meta: "n|A-id",
	Desc: "The action item: its number here (2) or its global id from any channel (A-17)"}

// IDOption is the --id every subcommand accepts: the incident it acts on,
// when not the incident of the channel it is typed in.
var IDOption = Option{Name: "id", Flag: "id", Kind: Number, Meta: "N", Desc: "Incident number (default: this channel's incident)"}

// Subcommands lists every subcommand in the order help shows them.
var Subcommands = []Spec{
	{Name: "declare", Anywhere: true, Options: []Option{
		{Name: "title", Kind: Text, Max: MaxTitle, Desc: "What is wrong, in a few words (none: open the form)"},
		{Name: "severity", Flag: "sev", Kind: Choice, Choices: Severities, Meta: "P0..P3", Desc: "Severity: P0 critical .. P3 low"},
		{Name: "started", Flag: "started", Kind: Time, Meta: "TIME", Desc: "When the impact began, e.g. 14:05 or 2024-05-01 14:05 (UTC)"},
		{Name: "detected", Flag: "detected", Kind: Time, Meta: "TIME", Desc: "When it was noticed"},
		{Name: "description", Flag: "desc", Kind: Text, Meta: "TEXT", Desc: "More detail"},
		{Name: "via", Flag: "via", Kind: Choice, Choices: DetectionSources, Desc: "How it was noticed"},
	},
		Summary: "Declare an incident and open its channel; without a title, open the declare form",
		Example: `"Checkout errors in EU" --sev P1 --started 14:05`},
	{Name: "role", Options: []Option{
		{Name: "role", Kind: Choice, Choices: Roles, Required: true, Desc: "The role"},
		{Name: "user", Kind: User, Required: true, Meta: "@user", Desc: "Who takes it"},
	},
		Summary: "Assign or hand over a war-room role",
		Example: "ic @alice"},
	{Name: "sev", Aliases: []string{"severity"}, Options: []Option{
		{Name: "severity", Kind: Choice, Choices: Severities, Required: true, Meta: "P0..P3", Desc: "P0 critical .. P3 low"},
		atOption,
	},
		Summary: "Change the severity",
		Example: "P1"},
	{Name: "status", Options: []Option{
		{Name: "status", Kind: Choice, Choices: Statuses, Required: true, Desc: "The new status"},
		atOption,
	},
		Summary: "Set the status",
		Example: "identified"},
	{Name: "title", Options: []Option{
		{Name: "title", Kind: Text, Required: true, Max: MaxTitle, Desc: "The new title"},
	},
		Summary: "Rename the incident, and its channel where the platform allows (the inc-N- prefix stays)",
		Example: `"Checkout and login errors in EU"`},
	{Name: "started", Options: []Option{
		{Name: "time", Kind: Time, Required: true, Meta: "TIME", Desc: "When the impact began: 14:05, 2024-05-01 14:05 or 2h ago (UTC)"},
	},
		Summary: "Set or correct when the impact began",
		Example: "09:50"},
	{Name: "detected", Options: []Option{
		{Name: "time", Kind: Time, Required: true, Meta: "TIME", Desc: "When it was noticed: 14:05, 2024-05-01 14:05 or 2h ago (UTC)"},
		{Name: "via", Flag: "via", Kind: Choice, Choices: DetectionSources, Desc: "How it was noticed"},
	},
		Summary: "Set or correct when the incident was noticed",
		Example: "20m ago"},
	{Name: "ack", Aliases: []string{"acknowledge"}, Options: []Option{atOption},
		Summary: "Record that the incident is acknowledged",
		Example: "--at 14:10"},
	{Name: "mitigated", Aliases: []string{"mitigate"}, Options: []Option{atOption},
		Summary: "Record that the impact is mitigated",
		Example: `--at "15m ago"`},
	{Name: "resolve", Aliases: []string{"resolved"}, Options: []Option{
		{Name: "summary", Kind: Text, Desc: "How it was resolved"},
		atOption,
	},
		Summary: "Resolve the incident",
		Example: "rolled back release 2024.5.1"},
	{Name: "close",
		Summary: "Close a resolved incident and post the postmortem draft"},
	{Name: "reopen",
		Summary: "Reopen a resolved or closed incident"},
	{Name: "update", Options: []Option{
		{Name: "status", Flag: "status", Kind: Choice, Choices: Statuses, Meta: "S", Desc: "Status now"},
		{Name: "next", Flag: "next", Kind: Duration, Meta: "30m", Desc: "Next update in, e.g. 30m (at most 24h)"},
		{Name: "changes", Flag: "changes", Kind: Text, Meta: "TEXT", Desc: "What changed since the last update"},
		{Name: "mitigation", Flag: "mitigation", Kind: Text, Meta: "TEXT", Desc: "Mitigation progress"},
		atOption,
		{Name: "text", Kind: Text, Desc: "The update (nothing at all: open the form)"},
	},
		Summary: "Post a status update; without anything, open the update form",
		Example: "--status monitoring --next 30m error rate is back to normal"},
	{Name: "event", Options: []Option{textOption("What happened"), atOption},
		Summary: "Mark a key event on the timeline",
		Example: "failed over to eu-west-2 --at 14:20"},
	{Name: "impact", Options: []Option{
		{Name: "text", Kind: Text, Desc: "Who or what is affected, and how; with --from, this phase (none: show them)"},
		{Name: "from", Flag: "from", Kind: Time, Meta: "TIME", Desc: "Start of an impact phase (degraded, down, data loss): 14:05 or 2h ago (UTC)"},
		{Name: "to", Flag: "to", Kind: Time, Meta: "TIME", Desc: "When that phase ended (none: it lasts until resolved)"},
		{Name: "drop", Flag: "drop", Kind: Number, Meta: "N", Desc: "Drop impact phase N, as numbered when phases are listed"},
	},
		Summary: "Record the impact statement, or with --from a phase of it (degraded, down, data loss)",
		Example: "degraded: slow EU checkouts --from 09:52 --to 10:33"},
	{Name: "summary", Options: []Option{textOption("The summary")},
		Summary: "Record the summary",
		Example: "a config push exhausted the database connection pool"},
	{Name: "why", Options: []Option{
		{Name: "chain", Flag: "chain", Kind: Text, Max: 40, Meta: "NAME", Desc: "Another chain, e.g. not-caught or slow-recovery"},
		{Name: "text", Kind: Text, Required: true, Meta: "answer", Desc: "Why did it happen?"},
	},
		Summary: "Add the next answer of the 5 Whys (of another chain with --chain)",
		Example: "--chain not-caught the alert fired only after 5 minutes"},
	{Name: "service", Options: []Option{{Name: "name", Kind: Text, Required: true, Max: 100, Desc: "The affected service"}},
		Summary:      "Record an affected service",
		Example:      "checkout-api",
		DiscordGroup: "writeup"},
	{Name: "lesson", Options: []Option{
		{Name: "kind", Kind: Choice, Choices: LessonKinds, Required: true, Desc: "Went well, went wrong, or got lucky"},
		textOption("The lesson"),
	},
		Summary:      "Record what went well, what went wrong or where we got lucky",
		Example:      "well the rollback took 3 minutes",
		DiscordGroup: "writeup"},
	{Name: "comms", Options: []Option{
		{Name: "audience", Kind: Text, Required: true, Max: 60, Desc: "Where or to whom: status-page, customers, execs"},
		textOption("What was said"),
		atOption,
	},
		Summary:      "Record what was told outside the channel (status page, customers, executives)",
		Example:      "status-page Checkout is degraded in EU; next update 10:30 --at 10:08",
		DiscordGroup: "writeup"},
	{Name: "cause", Options: []Option{
		{Name: "category", Kind: Choice, Choices: CauseCategories, Required: true, Desc: "Kind of factor"},
		textOption("The factor"),
	},
		Summary:      "Add a contributing factor",
		Example:      "monitoring no alert on pool saturation",
		DiscordGroup: "writeup"},
	{Name: "action add", Options: []Option{
		textOption("What to do"),
		{Name: "owner", Flag: "owner", Kind: User, Meta: "@user", Desc: "Who owns it (or a mention as the last word of the text)"},
		{Name: "due", Flag: "due", Kind: Date, Meta: "DATE", Desc: "Due date, e.g. 2024-06-01, +3d or friday (UTC)"},
		{Name: "priority", Flag: "prio", Kind: Choice, Choices: Severities, Meta: "P0..P3", Desc: "Priority (P2 unless given)"},
		{Name: "type", Flag: "type", Kind: Choice, Choices: ActionTypes, Desc: "What it does (prevent unless given)"},
		{Name: "link", Flag: "link", Kind: URL, Meta: "URL", Desc: "The action's ticket (an http or https link)"},
	},
		Summary: "Add an action item (priority P2 and type prevent unless given)",
		Example: "alert on pool saturation @bob --due friday --prio P1"},
	{Name: "action done", Options: []Option{
		actionItem,
		{Name: "link", Flag: "link", Kind: URL, Meta: "URL", Desc: "The change that fixed it (an http or https link)"},
	},
		Summary: "Mark action item n (or A-id, from any channel) done: the fix is merged (at --link)",
		Example: "2 --link https://git.example.com/pr/42"},
	{Name: "action verify", Options: []Option{
		actionItem,
		{Name: "link", Kind: URL, Required: true, Desc: "The deployment or evidence that proves the fix"},
	},
		Summary: "Mark action item n (or A-id) verified: a production deployment proved it (the link shows it)",
		Example: "A-17 https://deploy.example.com/runs/981"},
	{Name: "action reopen", Options: []Option{actionItem},
		Summary: "Put action item n (or A-id, from any channel) back to open",
		Example: "2"},
	{Name: "action drop", Options: []Option{
		actionItem,
		{Name: "reason", Kind: Text, Required: true, Desc: "Why it is dropped"},
	},
		Summary: "Drop action item n (or A-id, from any channel), keeping it with the reason",
		Example: "A-17 superseded by the new pooler"},
	{Name: "action list", Aliases: []string{"actions"},
		Summary: "List the action items"},
	{Name: "postmortem",
		Summary: "Draft and post the postmortem now"},
	{Name: "timeline", Options: []Option{{Name: "last", Flag: "last", Kind: Number, Meta: "N", Desc: "Only the last N entries"}},
		Summary: "Show the timeline, or its last N entries",
		Example: "--last 20"},
	{Name: "list", Anywhere: true,
		Summary: "List open incidents"},
	{Name: "learn similar", Aliases: []string{"similar"}, Anywhere: true, Options: []Option{{Name: "text", Kind: Text, Desc: "What to look for; in an incident channel, that incident"}},
		Summary: "Past incidents like this one, or like the text: have we seen this before?",
		Example: "checkout errors after a database failover"},
	{Name: "learn stats", Aliases: []string{"stats", "trends"}, Anywhere: true, Options: []Option{
		{Name: "since", Flag: "since", Kind: Duration, Meta: "90d", Desc: "The period, ending now (default 90d)"},
		{Name: "severity", Flag: "sev", Kind: Choice, Choices: Severities, Meta: "P0..P3", Desc: "Only this severity"},
		{Name: "post", Flag: "post", Kind: Switch, Desc: "Post in the channel, with a chart"},
	},
		Summary: "Trends: incidents, times to detect/ack/mitigate/resolve, actions, repeats; --post shares a chart",
		Example: "--since 180d --sev P1 --post"},
	{Name: "learn followups", Aliases: []string{"followups", "follow-ups"}, Anywhere: true, Options: []Option{
		{Name: "mine", Flag: "mine", Kind: Switch, Desc: "Only mine"},
		{Name: "owner", Flag: "owner", Kind: User, Meta: "@user", Desc: "Only this owner's"},
		{Name: "overdue", Flag: "overdue", Kind: Switch, Desc: "Only overdue ones"},
		{Name: "all", Flag: "all", Kind: Switch, Desc: "Verified and dropped ones too"},
	},
		Summary: "List action items across incidents, overdue and open first; works in any channel",
		Example: "--mine --overdue"},
	{Name: "help", Anywhere: true, Options: []Option{{Name: "topic", Kind: Text, Meta: "subcommand", Desc: "A subcommand"}},
		Summary: "Show this help, or a subcommand's usage and an example",
		Example: "action add"},
}

// Args returns the synopsis of the subcommand's options, e.g.
// "<P0..P3>" or "[summary] [--at TIME]".
func (s Spec) Args() string {
	parts := make([]string, 0, len(s.Options))
	for _, o := range s.Options {
		parts = append(parts, o.synopsis())
	}
	return strings.Join(parts, " ")
}

func (o Option) synopsis() string {
	v := o.Meta
	if v == "" && o.Kind == Choice {
		v = strings.Join(o.Choices, "|")
	}
	if o.Flag != "" {
		v = strings.TrimSpace("--" + o.Flag + " " + v)
	} else if v == "" {
		v = o.Name
	}
	if o.Required {
		if o.Flag != "" {
			return v
		}
		return "<" + v + ">"
	}
	return "[" + v + "]"
}

// Flags returns the names of the flags it accepts, without dashes, besides
// --id.
func (s Spec) Flags() []string {
	var fs []string
	for _, o := range s.Options {
		if o.Flag != "" {
			fs = append(fs, o.Flag)
		}
	}
	return fs
}

// Flag returns the flag option of that name (--id included).
func (s Spec) Flag(name string) (Option, bool) {
	if name == IDOption.Flag {
		return IDOption, true
	}
	for _, o := range s.Options {
		if o.Flag == name {
			return o, true
		}
	}
	return Option{}, false
}

// Group returns the group of a two-word subcommand, or "".
func (s Spec) Group() string {
	g, _, _ := strings.Cut(s.Name, " ")
	if g == s.Name {
		return ""
	}
	return g
}

// Lookup returns the Spec of a subcommand by its name or an alias, in any
// case, e.g. "declare", "ACK", "action add", "actions".
func Lookup(name string) (Spec, bool) {
	if s := lookup(name); s != nil {
		return *s, true
	}
	return Spec{}, false
}

func lookup(name string) *Spec {
	name = strings.Join(strings.Fields(strings.ToLower(name)), " ")
	for i := range Subcommands {
		s := &Subcommands[i]
		if s.Name == name || slices.Contains(s.Aliases, name) {
			return s
		}
	}
	return nil
}

// LookupIn returns the Spec of the subcommand verb of a group: "action"
// "add" is "action add"; a one-word subcommand listed under the group on
// Discord (Spec.DiscordGroup) is found by its own name or an alias.
func LookupIn(group, verb string) (Spec, bool) {
	if s := lookupIn(group, verb); s != nil {
		return *s, true
	}
	return Spec{}, false
}

func lookupIn(group, verb string) *Spec {
	group, verb = strings.ToLower(group), strings.ToLower(verb)
	if s := lookup(group + " " + verb); s != nil {
		return s
	}
	if s := lookup(verb); s != nil && s.DiscordGroup == group {
		return s
	}
	return nil
}

// isGroup reports whether word (lower case) is a group's name.
func isGroup(word string) bool {
	return slices.ContainsFunc(Groups, func(g Group) bool { return g.Name == word })
}

// groupSpecs returns the specs of the group's subcommands.
func groupSpecs(group string) []*Spec {
	var ss []*Spec
	for i := range Subcommands {
		if s := &Subcommands[i]; s.Group() == group || s.DiscordGroup == group {
			ss = append(ss, s)
		}
	}
	return ss
}

// groupVerbs returns the second words of the group's subcommands, e.g.
// "add, done or list".
func groupVerbs(group string) string {
	var vs []string
	for _, s := range groupSpecs(group) {
		vs = append(vs, strings.TrimPrefix(s.Name, group+" "))
	}
	return orList(vs)
}

// orList joins words as "a, b or c".
func orList(ws []string) string {
	if len(ws) < 2 {
		return strings.Join(ws, "")
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " or " + ws[len(ws)-1]
}
