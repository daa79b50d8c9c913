package commands

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/warroom-dev/warroom/bot"
)

// maxActionRef is the longest action reference: "A-" and the 19 digits
// of the largest id.
const maxActionRef = 21

// actionRef returns the action item the first positional argument names:
// its number in the incident (2 or #2), or its global id (A-17, any case),
// which the engine finds in any channel.
func (c *call) actionRef() (n int, id int64, err error) {
	if len(c.args) == 0 {
		return 0, 0, c.fail("Missing the action item number, or its global id like A-17.")
	}
	v := strings.TrimSpace(c.args[0].text)
	if rest, ok := cutPrefixFold(v, "A-"); ok {
		id, err := strconv.ParseInt(rest, 10, 64)
		if err != nil || id < 1 || strings.HasPrefix(rest, "+") {
			return 0, 0, c.fail("Bad action id %s: a global id is A- and a number from 1, like A-17 (followups shows them).", quote(v))
		}
		return 0, id, nil
	}
	n, ok := count(v)
	if !ok {
		return 0, 0, c.fail("Bad action item number %s: use the number action list shows, like 2, or the global id followups shows, like A-17.", quote(v))
	}
	return n, 0, nil
}

// cutPrefixFold is strings.CutPrefix, ignoring case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
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
