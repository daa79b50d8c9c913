package commands

import (
	"errors"
	"net/url"

	"github.com/warroom-dev/warroom/bot"
)

// actionNumber returns the action item number, the first positional
// argument.
func (c *call) actionNumber() (int, error) {
	if len(c.args) == 0 {
		return 0, c.fail("Missing the action item number.")
	}
	v := c.args[0].text
	n, ok := count(v)
	if !ok {
		return 0, c.fail("Bad action item number %s: use the number action list shows, like 2.", quote(v))
	}
	return n, nil
}

// noMore fails if there are more than n positional arguments.
func (c *call) noMore(n int) error {
	if len(c.args) > n {
		return c.fail("Unexpected %s.", quote(c.text(c.args[n:])))
	}
	return nil
}

// link checks that v, if not empty, is an http or https URL; what names it
// in the error.
func (c *call) link(v, what string) (string, error) {
	if v == "" {
		return "", nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", c.fail("%s %s is not a link: use an http or https URL.", what, quote(v))
	}
	return v, nil
}

func (c *call) followUps() (bot.Command, error) {
	if err := c.none(); err != nil {
		return nil, err
	}
	f := bot.ListFollowUps{}
	_, f.Mine = c.flags["mine"]
	_, f.Overdue = c.flags["overdue"]
	_, f.All = c.flags["all"]
	if v, ok := c.flags["owner"]; ok {
		owner, err := c.mention(v)
		if err != nil {
			return nil, err
		}
		f.Owner = owner
	}
	if f.Mine && f.Owner != "" {
		return nil, c.fail("Give --mine or --owner, not both.")
	}
	return f, nil
}

func (c *call) stats() (bot.Command, error) {
	if err := c.none(); err != nil {
		return nil, err
	}
	st := bot.ShowStats{}
	_, st.Post = c.flags["post"]
	if v, ok := c.flags["since"]; ok {
		d, err := parseDuration(v)
		switch {
		case errors.Is(err, errTooFar):
			return nil, c.fail("--since %s is too far back: at most %d days.", quote(v), maxDays)
		case err != nil || d <= 0:
			return nil, c.fail("Bad period %s for --since: use days like 30d, 90d or 365d.", quote(v))
		}
		st.Query.Since = d
	}
	if v, ok := c.flags["sev"]; ok {
		s, err := c.severity(v, "severity")
		if err != nil {
			return nil, err
		}
		st.Query.Severity, st.Query.SevSet = s, true
	}
	return st, nil
}
