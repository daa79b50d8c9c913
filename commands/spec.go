package commands

import (
	"fmt"
	"slices"
	"strings"
)

// DefaultCommand is the slash command usage lines show unless a Parser names
// another.
const DefaultCommand = "/incident"

// Spec describes one subcommand: how it is typed and what it does. The help
// text and usage lines are rendered from it.
type Spec struct {
	// Name is the subcommand as typed, e.g. "declare" or "action add".
	Name string
	// Aliases are other names for it, e.g. "actions" for "action list".
	Aliases []string
	// Args is the synopsis of its arguments, e.g. "<P0..P3>".
	Args string
	// Flags are the flags it accepts, without dashes; every subcommand
	// also accepts --id.
	Flags []string
	// Switches are the flags among Flags that take no value, e.g. --all.
	Switches []string
	// Summary says in one line what it does.
	Summary string
	// Example is the arguments of an example use.
	Example string
}

// Subcommands lists every subcommand in the order help shows them.
var Subcommands = []Spec{
	{Name: "declare", Args: "<title> [--sev P0..P3] [--started TIME] [--detected TIME] [--desc TEXT]",
		Flags:   []string{"sev", "started", "detected", "desc"},
		Summary: "Declare an incident and open its channel; without a title, open the declare form",
		Example: `"Checkout errors in EU" --sev P1 --started 14:05`},
	{Name: "role", Args: "<ic|comms|tier1|tier2> <@user>",
		Summary: "Assign or hand over a war-room role",
		Example: "ic @alice"},
	{Name: "sev", Aliases: []string{"severity"}, Args: "<P0..P3>",
		Summary: "Change the severity",
		Example: "P1"},
	{Name: "status", Args: "<investigating|identified|monitoring|resolved>",
		Summary: "Set the status",
		Example: "identified"},
	{Name: "ack", Aliases: []string{"acknowledge"}, Args: "[--at TIME]", Flags: []string{"at"},
		Summary: "Record that the incident is acknowledged",
		Example: "--at 14:10"},
	{Name: "mitigated", Aliases: []string{"mitigate"}, Args: "[--at TIME]", Flags: []string{"at"},
		Summary: "Record that the impact is mitigated",
		Example: `--at "15m ago"`},
	{Name: "resolve", Aliases: []string{"resolved"}, Args: "[summary] [--at TIME]", Flags: []string{"at"},
		Summary: "Resolve the incident",
		Example: "rolled back release 2024.5.1"},
	{Name: "close",
		Summary: "Close a resolved incident and post the postmortem draft"},
	{Name: "reopen",
		Summary: "Reopen a resolved or closed incident"},
	{Name: "update", Args: "[--status S] [--next 30m] [--changes TEXT] [--mitigation TEXT] <text>",
		Flags:   []string{"status", "next", "changes", "mitigation"},
		Summary: "Post a status update; without anything, open the update form",
		Example: "--status monitoring --next 30m error rate is back to normal"},
	{Name: "event", Args: "<text> [--at TIME]", Flags: []string{"at"},
		Summary: "Mark a key event on the timeline",
		Example: "failed over to eu-west-2 --at 14:20"},
	{Name: "impact", Args: "<text>",
		Summary: "Record the impact statement",
		Example: "30% of EU checkouts failed for 40 minutes"},
	{Name: "summary", Args: "<text>",
		Summary: "Record the summary",
		Example: "a config push exhausted the database connection pool"},
	{Name: "why", Args: "<answer>",
		Summary: "Add the next answer of the 5 Whys",
		Example: "the pool was sized for last year's traffic"},
	{Name: "cause", Args: "<technical|process|monitoring> <text>",
		Summary: "Add a contributing factor",
		Example: "monitoring no alert on pool saturation"},
	{Name: "action add", Args: "<text> [@owner] [--owner @user] [--due DATE] [--prio P0..P3] [--type prevent|mitigate|process]",
		Flags:   []string{"owner", "due", "prio", "type"},
		Summary: "Add an action item (priority P2 and type prevent unless given)",
		Example: "alert on pool saturation @bob --due friday --prio P1"},
	{Name: "action done", Args: "<n> [--link URL]", Flags: []string{"link"},
		Summary: "Mark action item n done: the fix is merged (at --link)",
		Example: "2 --link https://git.example.com/pr/42"},
	{Name: "action verify", Args: "<n> <link>",
		Summary: "Mark action item n verified: a production deployment proved it (the link shows it)",
		Example: "2 https://deploy.example.com/runs/981"},
	{Name: "action reopen", Args: "<n>",
		Summary: "Put action item n back to open",
		Example: "2"},
	{Name: "action drop", Args: "<n> <reason>",
		Summary: "Drop action item n, keeping it with the reason",
		Example: "2 superseded by the new pooler"},
	{Name: "action list", Aliases: []string{"actions"},
		Summary: "List the action items"},
	{Name: "postmortem",
		Summary: "Draft and post the postmortem now"},
	{Name: "timeline", Args: "[--last N]", Flags: []string{"last"},
		Summary: "Show the timeline, or its last N entries",
		Example: "--last 20"},
	{Name: "list",
		Summary: "List open incidents"},
	{Name: "followups", Aliases: []string{"follow-ups"}, Args: "[--mine] [--owner @user] [--overdue] [--all]",
		Flags: []string{"mine", "owner", "overdue", "all"}, Switches: []string{"mine", "overdue", "all"},
		Summary: "List action items across incidents, overdue and open first (--all: verified and dropped too); works in any channel",
		Example: "--mine --overdue"},
	{Name: "help", Args: "[subcommand]",
		Summary: "Show this help, or a subcommand's usage and an example",
		Example: "action add"},
}

// group is the first word of the subcommands that take a second one.
const group = "action"

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

// groupSpecs returns the specs whose names start with the group word.
func groupSpecs() []*Spec {
	var ss []*Spec
	for i := range Subcommands {
		if strings.HasPrefix(Subcommands[i].Name, group+" ") {
			ss = append(ss, &Subcommands[i])
		}
	}
	return ss
}

// Usage returns the usage line of a subcommand (all three for "action")
// under /incident, or the general usage line if sub is "" or unknown.
func Usage(sub string) string { return Parser{}.Usage(sub) }

// Usage returns the usage line of a subcommand (all three for "action"), or
// the general usage line if sub is "" or unknown.
func (p Parser) Usage(sub string) string {
	if strings.EqualFold(strings.TrimSpace(sub), group) {
		var lines []string
		for _, s := range groupSpecs() {
			lines = append(lines, p.usageLine(s))
		}
		return strings.Join(lines, "\n")
	}
	if s := lookup(sub); s != nil {
		return p.usageLine(s)
	}
	return p.command() + " <subcommand> [arguments] [--id N]"
}

func (p Parser) usageLine(s *Spec) string {
	line := p.command() + " " + s.Name
	if s.Args != "" {
		line += " " + s.Args
	}
	return line
}

func (p Parser) command() string {
	if p.Command == "" {
		return DefaultCommand
	}
	return p.Command
}

// HelpText returns the rendered help: the overview for topic "", or the
// usage and an example of one subcommand (or of the action group). It
// reports false for an unknown topic.
func (p Parser) HelpText(topic string) (string, bool) {
	topic = strings.Join(strings.Fields(strings.ToLower(topic)), " ")
	var b strings.Builder
	switch {
	case topic == "":
		b.WriteString("Usage: " + p.Usage("") + "\n")
		b.WriteString("Subcommands:\n")
		width := 0
		for _, s := range Subcommands {
			width = max(width, len(s.Name))
		}
		for _, s := range Subcommands {
			fmt.Fprintf(&b, "  %-*s  %s\n", width, s.Name, s.Summary)
		}
		b.WriteString("Type " + p.command() + " help <subcommand> for its usage and an example.\n")
		b.WriteString("Every subcommand takes --id N to name an incident from outside its channel.")
	case topic == group:
		for i, s := range groupSpecs() {
			if i > 0 {
				b.WriteString("\n\n")
			}
			p.writeHelp(&b, s)
		}
	default:
		s := lookup(topic)
		if s == nil {
			return "", false
		}
		p.writeHelp(&b, s)
	}
	return b.String(), true
}

func (p Parser) writeHelp(b *strings.Builder, s *Spec) {
	b.WriteString("Usage: " + p.usageLine(s) + "\n")
	b.WriteString(s.Summary + ".")
	if len(s.Aliases) > 0 {
		b.WriteString("\nAlso: " + strings.Join(s.Aliases, ", ") + ".")
	}
	for _, f := range s.Flags {
		if note := flagNotes[f]; note != "" {
			b.WriteString("\n" + note)
		}
	}
	ex := p.command() + " " + s.Name
	if s.Example != "" {
		ex += " " + s.Example
	}
	b.WriteString("\nExample: " + ex)
}

// flagNotes explain the value formats of flags in help.
var flagNotes = map[string]string{
	"at":       timeNote,
	"started":  "--started TIME: when the impact began. " + timeNote,
	"detected": "--detected TIME: when it was noticed.",
	"next":     "--next: when the next update is due, e.g. 30m, 1h or 1d (at most 24h).",
	"due":      "DATE (UTC): 2006-01-02, RFC 3339, +3d or 3d, +2w, today, tomorrow, or a weekday like friday.",
	"owner":    "The owner is --owner @user, or a mention as the last word of the text.",
	"status":   "--status S: investigating, identified, monitoring or resolved.",
	"type":     "--type: prevent, mitigate or process.",
	"link":     "--link URL: the change that fixed it (an http or https link).",
}

const timeNote = "TIME (UTC): 15:04 (today, or yesterday if still to come), 2006-01-02 15:04, RFC 3339, -15m or 15m ago."
