package commands

import (
	"strings"
	"unicode"
)

// ParseMention returns the user id a mention names, in each platform's form:
// Slack <@U123> and <@U123|name> give "U123", Discord <@123> and <@!123>
// give "123", and the console's @alice gives "alice". It reports false for
// anything else, including role and channel mentions and @here, @channel
// and @everyone.
func ParseMention(s string) (id string, ok bool) {
	if inner, found := strings.CutPrefix(s, "<@"); found {
		inner, found = strings.CutSuffix(inner, ">")
		if !found {
			return "", false
		}
		inner = strings.TrimPrefix(inner, "!") // Discord nickname form
		inner, _, _ = strings.Cut(inner, "|")  // Slack label
		if inner == "" || !allASCIIAlnum(inner) {
			return "", false
		}
		return inner, true
	}
	name, found := strings.CutPrefix(s, "@")
	if !found || name == "" {
		return "", false
	}
	switch strings.ToLower(name) {
	case "here", "channel", "everyone":
		return "", false
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '_' && r != '-' {
			return "", false
		}
	}
	return name, true
}

func allASCIIAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}
