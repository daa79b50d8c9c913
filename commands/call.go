package commands

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// call is one subcommand being parsed: its spec, its flags and its
// positional arguments.
type call struct {
	p     Parser
	spec  *Spec
	now   time.Time
	src   string
	args  []token
	flags map[string]string
}

// splitFlags sorts tokens into flags and positional arguments. Flags may
// come anywhere; "--" makes every later token positional. A flag's value is
// the next token or follows "="; a TIME value may take two tokens
// ("2024-05-01 14:05", "15m ago") and a DATE "next friday".
func (c *call) splitFlags(toks []token) error {
	c.flags = map[string]string{}
	c.args = make([]token, 0, len(toks))
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.quoted || !isFlag(t.text) {
			if !t.quoted && isEndOfFlags(t.text) {
				c.args = append(c.args, toks[i+1:]...)
				return nil
			}
			c.args = append(c.args, t)
			continue
		}
		name, val, hasVal := strings.Cut(t.text[flagPrefix(t.text):], "=")
		name = strings.ToLower(name)
		opt, known := c.spec.Flag(name)
		if !known {
			if len(c.spec.Flags()) == 0 {
				return c.fail("Unknown flag --%s: %s takes only --id.", clip(name), c.spec.Name)
			}
			return c.fail("Unknown flag --%s for %s.", clip(name), c.spec.Name)
		}
		if _, dup := c.flags[name]; dup {
			return c.fail("--%s is given twice.", name)
		}
		if opt.Kind == Switch {
			if hasVal {
				return c.fail("--%s takes no value.", name)
			}
			c.flags[name] = ""
			continue
		}
		if !hasVal {
			if i+1 == len(toks) || !toks[i+1].quoted && (isFlag(toks[i+1].text) || isEndOfFlags(toks[i+1].text)) {
				return c.fail("--%s needs a value.", name)
			}
			i++
			val = toks[i].text
		}
		if i+1 < len(toks) && !toks[i+1].quoted {
			next := toks[i+1].text
			switch kind := opt.Kind; {
			case kind == Time && isDate(val) && isClock(next),
				kind == Time && strings.EqualFold(next, "ago"),
				kind == Date && strings.EqualFold(val, "next"):
				i++
				val += " " + next
			}
		}
		c.flags[name] = val
	}
	return nil
}

// fail returns a usage error for this subcommand.
func (c *call) fail(format string, args ...any) *bot.Error {
	return c.p.fail(c.spec, format, args...)
}

// words returns the positional arguments.
func (c *call) words() []string {
	w := make([]string, len(c.args))
	for i, t := range c.args {
		w[i] = t.text
	}
	return w
}

// text joins tokens back into text. Neighbours that were neighbours in what
// was typed keep the spaces and line breaks between them; others are joined
// by one space.
func (c *call) text(toks []token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			gap := " "
			if a, z := toks[i-1].end, t.start; a <= z && strings.TrimSpace(c.src[a:z]) == "" {
				gap = c.src[a:z]
			}
			b.WriteString(gap)
		}
		b.WriteString(t.text)
	}
	return strings.TrimSpace(b.String())
}

// rest returns all positional arguments as text.
func (c *call) rest() string { return c.text(c.args) }

// none fails if there are positional arguments.
func (c *call) none() error {
	if len(c.args) > 0 {
		return c.fail("Unexpected %s: %s takes no text.", quote(c.rest()), c.spec.Name)
	}
	return nil
}

// required returns the positional arguments as text, failing if there are
// none.
func (c *call) required(what string) (string, error) {
	s := c.rest()
	if s == "" {
		return "", c.fail("Missing the %s.", what)
	}
	return s, nil
}

func (c *call) incidentID() (int64, error) {
	v, ok := c.flags["id"]
	if !ok {
		return 0, nil
	}
	n, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(v), "#"), 10, 64)
	if err != nil || n <= 0 {
		return 0, c.fail("Bad incident id %s for --id: use a number like 42 or #42.", quote(v))
	}
	return n, nil
}

// timeArg returns the positional arguments read as one TIME (what names
// it in the error when there are none).
func (c *call) timeArg(what string) (time.Time, error) {
	v := c.rest()
	if v == "" {
		return time.Time{}, c.fail("Missing the time: %s, e.g. 14:05 or \"2024-05-01 14:05\" (UTC).", what)
	}
	t, err := parseTime(v, c.now)
	if errors.Is(err, errFuture) {
		return time.Time{}, c.fail("%s is in the future: it is %s now.", quote(v), c.now.Format("2006-01-02 15:04 UTC"))
	}
	if err != nil {
		return time.Time{}, c.fail("Bad time %s: use 15:04, 2006-01-02 15:04, RFC 3339, -15m or 15m ago (UTC).", quote(v))
	}
	return t, nil
}

// timeFlag returns the TIME of a flag, or the zero time if it is not given.
func (c *call) timeFlag(name string) (time.Time, error) {
	v, ok := c.flags[name]
	if !ok {
		return time.Time{}, nil
	}
	t, err := parseTime(v, c.now)
	if errors.Is(err, errFuture) {
		return time.Time{}, c.fail("--%s %s is in the future: it is %s now.", name, quote(v), c.now.Format("2006-01-02 15:04 UTC"))
	}
	if err != nil {
		return time.Time{}, c.fail("Bad time %s for --%s: use 15:04, 2006-01-02 15:04, RFC 3339, -15m or 15m ago (UTC).", quote(v), name)
	}
	return t, nil
}

func (c *call) severity(v, what string) (bot.Severity, error) {
	s, err := bot.ParseSeverity(v)
	if err != nil {
		return 0, c.fail("Unknown %s %s: use %s.", what, quote(v), orList(Severities))
	}
	return s, nil
}

func (c *call) status(v string) (bot.Status, error) {
	s, err := bot.ParseStatus(v)
	if err != nil {
		if strings.EqualFold(strings.TrimSpace(v), string(bot.StatusClosed)) {
			return "", c.fail("Status closed is set by %s close.", c.p.Name())
		}
		return "", c.fail("Unknown status %s: use %s.", quote(v), orList(Statuses))
	}
	return s, nil
}

func (c *call) mention(v string) (string, error) {
	id, ok := ParseMention(v)
	if !ok {
		return "", c.fail("%s is not a user: expected a user mention like @alice.", quote(v))
	}
	return id, nil
}

// count parses a positive whole number, allowing a leading #.
func count(v string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(v), "#"))
	return n, err == nil && n > 0
}

// clip shortens a flag name for an error message.
func clip(s string) string {
	q := quote(s)
	return q[1 : len(q)-1]
}
