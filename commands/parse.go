package commands

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/warroom-dev/warroom/bot"
)

// MaxLen is the longest command text accepted, in characters: what Slack
// shows of a message. It bounds the work one command costs.
const MaxLen = 4000

// Parser parses the text typed after a slash command. The zero value parses
// for /incident; set Command when the bot is installed under another name,
// and pass Parser{Command: "/war"}.Parse where a bot.Parser is wanted.
type Parser struct {
	// Command is the slash command as people type it, e.g. "/incident",
	// shown in usage lines and help.
	Command string
	// Grouped says people type the subcommands as Discord's schema lists
	// them: one with a DiscordGroup under its group ("writeup cause"), and
	// no aliases. Usage lines, help and Spell show them so; the text
	// grammar reads both forms either way.
	Grouped bool
}

var _ bot.Parser = Parse
var _ bot.Parser = Parser{}.Parse

// Parse parses text as typed after /incident. See Parser.Parse.
func Parse(text string, now time.Time) (bot.Invocation, error) {
	return Parser{}.Parse(text, now)
}

// Parse turns the text after the slash command into an Invocation. now is
// the time relative times and dates are read against. Empty text asks for
// help. Text longer than MaxLen is refused. Every error is a *bot.Error
// with code bot.EInvalid whose message names what was wrong and ends with
// the usage line.
func (p Parser) Parse(text string, now time.Time) (bot.Invocation, error) {
	// Text too long to be MaxLen characters is refused before it is read.
	if len(text) > MaxLen*utf8.UTFMax || len(text) > MaxLen && utf8.RuneCountInString(text) > MaxLen {
		return bot.Invocation{}, p.fail(nil, "The command is too long: keep it under %d characters.", MaxLen)
	}
	src := clean(text)
	toks, err := tokenize(src)
	if err != nil {
		// Show the usage of the subcommand, if the text starts with one.
		var spec *Spec
		if words := strings.Fields(src); len(words) > 0 {
			spec = lookup(words[0])
		}
		var qe *quoteError
		if errors.As(err, &qe) {
			return bot.Invocation{}, p.fail(spec, "Unterminated quote: close the %c you opened.", qe.open)
		}
		return bot.Invocation{}, p.fail(spec, "%v.", err)
	}
	if len(toks) == 0 {
		return p.help(nil, 0)
	}
	spec, rest, err := p.subcommand(toks)
	if err != nil {
		return bot.Invocation{}, err
	}
	c := &call{p: p, spec: spec, now: now.UTC(), src: src}
	if err := c.splitFlags(rest); err != nil {
		return bot.Invocation{}, err
	}
	id, err := c.incidentID()
	if err != nil {
		return bot.Invocation{}, err
	}
	if spec.Name == "help" {
		return p.help(c.words(), id)
	}
	cmd, err := c.build()
	if err != nil {
		return bot.Invocation{}, err
	}
	return bot.Invocation{Command: cmd, IncidentID: id}, nil
}

// help answers with the help for the topic words.
func (p Parser) help(words []string, id int64) (bot.Invocation, error) {
	topic := strings.ToLower(strings.Join(words, " "))
	text, ok := p.HelpText(topic)
	if !ok && len(words) > 1 {
		// "help declare foo": the help of declare.
		if isGroup(strings.ToLower(words[0])) {
			topic = strings.ToLower(words[0] + " " + words[1])
		} else {
			topic = strings.ToLower(words[0])
		}
		text, ok = p.HelpText(topic)
	}
	if !ok {
		return bot.Invocation{}, p.fail(lookup("help"), "No help for %s: %s.", quote(topic), p.suggest(topic))
	}
	if s := lookupTopic(topic); s != nil {
		topic = s.Name
	}
	return bot.Invocation{Command: bot.Help{Topic: topic, Text: text}, IncidentID: id}, nil
}

// subcommand finds the subcommand among the tokens (skipping any flags
// typed before it) and returns its spec and the other tokens.
func (p Parser) subcommand(toks []token) (*Spec, []token, error) {
	i := nextWord(toks, 0)
	if i < 0 {
		return nil, nil, p.fail(nil, "Missing the subcommand.")
	}
	name := strings.ToLower(toks[i].text)
	rest := append(toks[:i:i], toks[i+1:]...)
	if isGroup(name) {
		j := nextWord(rest, i)
		if j < 0 {
			return nil, nil, p.failGroup(name, "Missing what to do with %ss: %s.", name, groupVerbs(name))
		}
		verb := strings.ToLower(rest[j].text)
		s := lookupIn(name, verb)
		if s == nil {
			return nil, nil, p.failGroup(name, "Unknown %s subcommand %s: use %s.", name, quote(rest[j].text), groupVerbs(name))
		}
		return s, append(rest[:j:j], rest[j+1:]...), nil
	}
	s := lookup(name)
	if s == nil {
		return nil, nil, p.fail(nil, "Unknown subcommand %s. %s.", quote(toks[i].text), p.suggest(name))
	}
	return s, rest, nil
}

// nextWord returns the index of the first token at or after from that is
// not a flag or a flag's value, or -1.
func nextWord(toks []token, from int) int {
	for i := from; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.quoted:
			return i
		case isEndOfFlags(t.text):
			if i+1 < len(toks) {
				return i + 1
			}
			return -1
		case isFlag(t.text):
			if !strings.Contains(t.text, "=") {
				i++ // its value
			}
			continue
		}
		return i
	}
	return -1
}

// suggest returns a hint: the nearest subcommand name, or where the list is.
func (p Parser) suggest(name string) string {
	best, bestD := "", 3
	if utf8.RuneCountInString(name) <= 20 {
		for _, s := range Subcommands {
			for _, n := range append([]string{s.Name}, s.Aliases...) {
				if d := distance(name, n); d < bestD {
					best, bestD = n, d
				}
			}
		}
	}
	for _, g := range Groups {
		if d := distance(name, g.Name); d < bestD && utf8.RuneCountInString(name) <= 20 {
			best, bestD = g.Name, d
		}
	}
	if best != "" {
		return fmt.Sprintf("Did you mean %q? %s help lists them all", best, p.Name())
	}
	return p.Name() + " help lists the subcommands"
}

// distance is the optimal string alignment distance between a and b, in
// runes: Levenshtein's, with a swap of neighbours as one edit.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows: two swapped neighbours ("stauts") cost one edit, so a
	// typo of status is nearer status than stats.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// fail returns an EInvalid error: the message, then the usage line of spec
// (or the general usage line when spec is nil).
func (p Parser) fail(spec *Spec, format string, args ...any) *bot.Error {
	usage := p.Usage("")
	if spec != nil {
		usage = p.usageLine(spec)
	}
	return bot.Errorf(bot.EInvalid, "%s\nUsage: %s", fmt.Sprintf(format, args...), usage)
}

// failGroup is fail with the usage lines of every subcommand of a group.
func (p Parser) failGroup(group, format string, args ...any) *bot.Error {
	usage := strings.ReplaceAll(p.Usage(group), "\n", "\nUsage: ")
	return bot.Errorf(bot.EInvalid, "%s\nUsage: %s", fmt.Sprintf(format, args...), usage)
}

// quote quotes what someone typed for an error message, shortened and with
// anything unprintable escaped.
func quote(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max]) + "…"
	}
	return fmt.Sprintf("%q", s)
}
