package postmortem

import (
	"strings"
	"unicode/utf8"
)

// findURLs returns the web addresses in s, in order: from "http://" or
// "https://" to the first space, quote, angle bracket or pipe (Slack
// writes links as <url|label>), without trailing punctuation.
func findURLs(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "http")
		if i < 0 {
			return out
		}
		s = s[i:]
		if !isWebURL(s) {
			s = s[4:]
			continue
		}
		end := strings.IndexFunc(s, func(r rune) bool {
			return r <= ' ' || r == '<' || r == '>' || r == '"' || r == '\'' || r == '|' || r == '`' || r == utf8.RuneError ||
				r == 0x85 || r == 0xa0 || r == 0x2028 || r == 0x2029
		})
		if end < 0 {
			end = len(s)
		}
		u := strings.TrimRight(s[:end], ".,;:!?)]}*_")
		if len(u) > len("https://") {
			out = append(out, u)
		}
		s = s[end:]
	}
}

// splitFile splits the text of a file entry, "name url", into the name and
// the web address ("" if there is none).
func splitFile(s string) (name, url string) {
	s = strings.TrimSpace(s)
	name = s
	if isWebURL(s) {
		name, url = "", s
	} else if i := max(strings.LastIndex(s, " https://"), strings.LastIndex(s, " http://")); i >= 0 {
		name, url = strings.TrimSpace(s[:i]), s[i+1:]
	}
	return name, url
}

// containsFold reports whether s contains sub, ignoring case.
func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// links writes the Links section: every web address shared in the channel
// (in messages and files), once, with who shared it and when; links in
// deleted messages are left out.
func (p *pmWriter) links() {
	p.section("Links")
	n := 0
	for _, l := range p.dg.links {
		if p.dg.gone(l.msg, l.url) {
			continue
		}
		n++
		p.str("- ")
		p.str("[")
		label := l.label
		if blank(label) {
			label = l.url
		}
		p.text(label, styleName)
		p.str("](")
		p.url(l.url)
		p.str(") — shared by ")
		p.user(l.by, l.byName)
		p.str(" at ")
		p.shortTime(l.at)
		p.str("\n")
	}
	if n == 0 {
		p.str("_No links were shared in the channel. Add the dashboards, runbooks and tickets that matter._\n")
	} else if n >= maxLinks {
		p.str("\n_The first ")
		p.num(maxLinks)
		p.str(" links; `warroom export --format json` has them all._\n")
	}
	p.str("\n")
}
