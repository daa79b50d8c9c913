package discord

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// CommandName is the application command the adapter registers.
const CommandName = "incident"

// maxInteger is the largest integer option Discord sends (2^53).
const maxInteger = 1 << 53

// kind is how a parameter is typed in Discord and written in command text.
type kind int

const (
	text    kind = iota // a string option, written quoted
	word                // a string option with choices, written bare
	user                // a user option, written <@id>
	integer             // an integer option, written in decimal
)

// param is one option of a subcommand and where it goes in the text
// grammar: positional when flag is empty, else "--flag value".
type param struct {
	name, desc string
	kind       kind
	choices    []string
	required   bool
	flag       string
}

// subcommand mirrors one subcommand of the text grammar.
type subcommand struct {
	name, desc string
	params     []param
	incident   bool // acts on an incident, so takes an optional id
}

var (
	severities = []string{"P0", "P1", "P2", "P3"}
	roles      = []string{"ic", "comms", "tier1", "tier2"}
	statuses   = []string{"investigating", "identified", "monitoring", "resolved"}
	categories = []string{"technical", "process", "monitoring"}
	actionType = []string{"prevent", "mitigate", "process"}
)

// grammar is the /incident command: each subcommand and its options,
// mirroring the text grammar the commands package parses. A group's
// subcommands are named "group sub".
var grammar = []subcommand{
	{name: "declare", desc: "Declare an incident and open its channel", params: []param{
		{name: "title", desc: "What is wrong, in a few words", kind: text, required: true},
		{name: "severity", desc: "P0 critical .. P3 low", kind: word, choices: severities, flag: "--sev"},
		{name: "description", desc: "More detail", kind: text, flag: "--desc"},
		{name: "started", desc: "When impact began, e.g. 14:05 or 2024-05-01T14:05Z", kind: text, flag: "--started"},
		{name: "detected", desc: "When it was noticed", kind: text, flag: "--detected"},
	}},
	{name: "role", desc: "Assign or hand over a war-room role", incident: true, params: []param{
		{name: "role", desc: "The role", kind: word, choices: roles, required: true},
		{name: "user", desc: "Who takes it", kind: user, required: true},
	}},
	{name: "sev", desc: "Change the severity", incident: true, params: []param{
		{name: "severity", desc: "P0 critical .. P3 low", kind: word, choices: severities, required: true},
	}},
	{name: "status", desc: "Change the status", incident: true, params: []param{
		{name: "status", desc: "The new status", kind: word, choices: statuses, required: true},
	}},
	{name: "ack", desc: "Acknowledge the incident", incident: true, params: []param{atParam}},
	{name: "mitigated", desc: "Record that impact is mitigated", incident: true, params: []param{atParam}},
	{name: "resolve", desc: "Resolve the incident", incident: true, params: []param{
		{name: "summary", desc: "How it was resolved", kind: text},
		atParam,
	}},
	{name: "close", desc: "Close the incident and post the postmortem draft", incident: true},
	{name: "reopen", desc: "Reopen a resolved or closed incident", incident: true},
	{name: "update", desc: "Post a status update (no options opens a form)", incident: true, params: []param{
		{name: "text", desc: "The update", kind: text},
		{name: "status", desc: "Status now", kind: word, choices: statuses, flag: "--status"},
		{name: "next", desc: "Next update in, e.g. 30m", kind: text, flag: "--next"},
		{name: "changes", desc: "What changed since the last update", kind: text, flag: "--changes"},
		{name: "mitigation", desc: "Mitigation progress", kind: text, flag: "--mitigation"},
	}},
	{name: "event", desc: "Mark a key timeline event", incident: true, params: []param{
		{name: "text", desc: "What happened", kind: text, required: true},
		atParam,
	}},
	{name: "impact", desc: "Record the impact", incident: true, params: []param{
		{name: "text", desc: "Who or what is affected, and how", kind: text, required: true},
	}},
	{name: "summary", desc: "Record the summary", incident: true, params: []param{
		{name: "text", desc: "The summary", kind: text, required: true},
	}},
	{name: "why", desc: "Add the next answer of the 5 Whys", incident: true, params: []param{
		{name: "text", desc: "Why?", kind: text, required: true},
	}},
	{name: "cause", desc: "Add a contributing factor", incident: true, params: []param{
		{name: "category", desc: "Kind of factor", kind: word, choices: categories, required: true},
		{name: "text", desc: "The factor", kind: text, required: true},
	}},
	{name: "action add", desc: "Add an action item", incident: true, params: []param{
		{name: "text", desc: "What to do", kind: text, required: true},
		{name: "owner", desc: "Who owns it", kind: user},
		{name: "due", desc: "Due date, e.g. 2024-06-01", kind: text, flag: "--due"},
		{name: "priority", desc: "P0 .. P3", kind: word, choices: severities, flag: "--prio"},
		{name: "type", desc: "What it does", kind: word, choices: actionType, flag: "--type"},
	}},
	{name: "action done", desc: "Mark an action item done", incident: true, params: []param{
		{name: "n", desc: "The action item's number", kind: integer, required: true},
	}},
	{name: "action list", desc: "List the action items", incident: true},
	{name: "postmortem", desc: "Draft and post the postmortem now", incident: true},
	{name: "timeline", desc: "Show the timeline", incident: true, params: []param{
		{name: "last", desc: "Only the last N entries", kind: integer, flag: "--last"},
	}},
	{name: "list", desc: "List open incidents"},
	{name: "help", desc: "How to use /incident", params: []param{
		{name: "topic", desc: "A subcommand", kind: text},
	}},
}

// atParam is when a milestone or event happened, if not now.
var atParam = param{name: "at", desc: "When, if not now: 14:05, 2024-05-01 14:05 or 15m ago", kind: text, flag: "--at"}

// idParam is the optional incident number of subcommands that act on one.
var idParam = param{name: "id", desc: "Incident number (default: this channel's incident)", kind: integer, flag: "--id"}

func (s subcommand) allParams() []param {
	if s.incident {
		return append(append([]param(nil), s.params...), idParam)
	}
	return s.params
}

// Commands returns the application commands the adapter registers: one
// /incident with a subcommand (or group) per verb of the text grammar.
func Commands() []*discordgo.ApplicationCommand {
	cmd := &discordgo.ApplicationCommand{
		Name:        CommandName,
		Type:        discordgo.ChatApplicationCommand,
		Description: "Run an incident war room",
	}
	groups := map[string]*discordgo.ApplicationCommandOption{}
	for _, s := range grammar {
		opt := &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: s.name, Description: s.desc,
		}
		for _, p := range s.allParams() {
			opt.Options = append(opt.Options, p.option())
		}
		group, sub, ok := strings.Cut(s.name, " ")
		if !ok {
			cmd.Options = append(cmd.Options, opt)
			continue
		}
		opt.Name = sub
		g := groups[group]
		if g == nil {
			g = &discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionSubCommandGroup, Name: group, Description: "Action items",
			}
			groups[group] = g
			cmd.Options = append(cmd.Options, g)
		}
		g.Options = append(g.Options, opt)
	}
	return []*discordgo.ApplicationCommand{cmd}
}

func (p param) option() *discordgo.ApplicationCommandOption {
	o := &discordgo.ApplicationCommandOption{Name: p.name, Description: p.desc, Required: p.required}
	switch p.kind {
	case text, word:
		o.Type = discordgo.ApplicationCommandOptionString
	case user:
		o.Type = discordgo.ApplicationCommandOptionUser
	case integer:
		o.Type = discordgo.ApplicationCommandOptionInteger
		one := 1.0
		o.MinValue = &one
	}
	for _, c := range p.choices {
		o.Choices = append(o.Choices, &discordgo.ApplicationCommandOptionChoice{Name: c, Value: c})
	}
	return o
}

// commandText turns an /incident interaction back into the command text the
// engine's parser reads, e.g. `role ic <@123>` or
// `update "db is back" --status monitoring --next "30m"`.
func commandText(d discordgo.ApplicationCommandInteractionData) (string, error) {
	if d.Name != CommandName {
		return "", fmt.Errorf("unknown command /%s", d.Name)
	}
	if len(d.Options) != 1 {
		return "", fmt.Errorf("/%s without a subcommand", d.Name)
	}
	o := d.Options[0]
	if o == nil {
		return "", fmt.Errorf("/%s without a subcommand", d.Name)
	}
	name, opts := o.Name, o.Options
	if o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
		if len(o.Options) != 1 || o.Options[0] == nil {
			return "", fmt.Errorf("/%s %s without a subcommand", d.Name, o.Name)
		}
		name, opts = o.Name+" "+o.Options[0].Name, o.Options[0].Options
	}
	var sub *subcommand
	for i := range grammar {
		if grammar[i].name == name {
			sub = &grammar[i]
		}
	}
	if sub == nil {
		return "", fmt.Errorf("unknown subcommand %q", name)
	}
	given := map[string]*discordgo.ApplicationCommandInteractionDataOption{}
	for _, v := range opts {
		if v == nil {
			return "", fmt.Errorf("%s: an empty option", name)
		}
		given[v.Name] = v
	}
	var b strings.Builder
	b.WriteString(name)
	params := sub.allParams()
	for _, flags := range []bool{false, true} {
		for _, p := range params {
			v := given[p.name]
			if v == nil || (p.flag != "") != flags {
				continue
			}
			s, err := p.format(v.Value)
			if err != nil {
				return "", fmt.Errorf("%s %s: %w", name, p.name, err)
			}
			b.WriteByte(' ')
			if flags {
				b.WriteString(p.flag + " ")
			}
			b.WriteString(s)
			delete(given, p.name)
		}
	}
	for n := range given {
		return "", fmt.Errorf("%s: unknown option %q", name, n)
	}
	return b.String(), nil
}

// format writes an option value as the text grammar reads it.
func (p param) format(v any) (string, error) {
	switch p.kind {
	case integer:
		f, ok := v.(float64)
		if !ok {
			return "", fmt.Errorf("want a number, got %T", v)
		}
		// Discord sends whole numbers of at least min_value 1; anything
		// else would not survive the conversion.
		if f < 1 || f > maxInteger || f != math.Trunc(f) {
			return "", fmt.Errorf("want a whole number from 1, got %v", f)
		}
		return strconv.FormatInt(int64(f), 10), nil
	case user:
		s, ok := v.(string)
		if !ok || !isSnowflake(s) {
			return "", fmt.Errorf("want a user id, got %v", v)
		}
		return "<@" + s + ">", nil
	case word:
		s, ok := v.(string)
		if !ok || !isChoice(p.choices, s) {
			return "", fmt.Errorf("%v is not one of %s", v, strings.Join(p.choices, ", "))
		}
		return s, nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("want text, got %T", v)
	}
	return quote(s), nil
}

func isChoice(choices []string, s string) bool {
	for _, c := range choices {
		if c == s {
			return true
		}
	}
	return false
}

var quoter = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// quote writes s as one double-quoted token with backslash escapes.
func quote(s string) string { return `"` + quoter.Replace(s) + `"` }
