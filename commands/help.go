package commands

import (
	"fmt"
	"strings"
)

// Usage returns the usage line of a subcommand (every line of a group's,
// for a group) under /incident, or the general usage line if sub is "" or
// unknown.
func Usage(sub string) string { return Parser{}.Usage(sub) }

// Usage returns the usage line of a subcommand (every line of a group's,
// for a group), or the general usage line if sub is "" or unknown.
func (p Parser) Usage(sub string) string {
	if g := strings.ToLower(strings.TrimSpace(sub)); isGroup(g) {
		var lines []string
		for _, s := range groupSpecs(g) {
			lines = append(lines, p.usageLine(s))
		}
		return strings.Join(lines, "\n")
	}
	if s := lookupTopic(sub); s != nil {
		return p.usageLine(s)
	}
	return p.Name() + " <subcommand> [arguments] [--id N]"
}

func (p Parser) usageLine(s *Spec) string {
	line := p.Name() + " " + p.typed(s)
	if a := s.Args(); a != "" {
		line += " " + a
	}
	return line
}

// Name returns the slash command as people type it: Command, or
// DefaultCommand when that is empty.
func (p Parser) Name() string {
	if p.Command == "" {
		return DefaultCommand
	}
	return p.Command
}

// HelpText returns the rendered help: the overview for topic "", or the
// usage and an example of one subcommand (or of every subcommand of a
// group). It reports false for an unknown topic.
func (p Parser) HelpText(topic string) (string, bool) {
	topic = strings.Join(strings.Fields(strings.ToLower(topic)), " ")
	var b strings.Builder
	switch {
	case topic == "":
		b.WriteString("Usage: " + p.Usage("") + "\n")
		b.WriteString("Subcommands:\n")
		width := 0
		for i := range Subcommands {
			width = max(width, len(p.typed(&Subcommands[i])))
		}
		for i := range Subcommands {
			s := &Subcommands[i]
			fmt.Fprintf(&b, "  %-*s  %s\n", width, p.typed(s), s.Summary)
		}
		b.WriteString("Type " + p.Name() + " help <subcommand> for its usage and an example.\n")
		b.WriteString("Every subcommand takes --id N to name an incident from outside its channel.")
	case isGroup(topic):
		for i, s := range groupSpecs(topic) {
			if i > 0 {
				b.WriteString("\n\n")
			}
			p.writeHelp(&b, s)
		}
	default:
		s := lookupTopic(topic)
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
	if len(s.Aliases) > 0 && !p.Grouped { // Discord offers no aliases
		b.WriteString("\nAlso: " + strings.Join(s.Aliases, ", ") + ".")
	}
	for _, o := range s.Options {
		if o.Kind == ActionRef {
			b.WriteString("\n" + actionRefNote)
			break
		}
	}
	for _, f := range s.Flags() {
		if note := flagNotes[f]; note != "" {
			b.WriteString("\n" + note)
		}
	}
	ex := p.Name() + " " + p.typed(s)
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
	"status":   "--status S: " + orList(Statuses) + ".",
	"type":     "--type: " + orList(ActionTypes) + ".",
	"link":     "--link URL: an http or https link (for action add, the ticket; for action done, the change that fixed it).",
	"all":      "--all: verified and dropped action items too.",
}

// actionRefNote explains how an action item is named.
const actionRefNote = "n|A-id: the action's number in the incident (action list shows it), or its global id (followups and the reminders show it, like A-17), which works in any channel."

const timeNote = "TIME (UTC): 15:04 (today, or yesterday if still to come), 2006-01-02 15:04, RFC 3339, -15m or 15m ago."
