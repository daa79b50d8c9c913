package config

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
)

// Secret is a token. It prints as "set" or "unset" with every fmt verb and
// marshals to the same text (so JSON, YAML and zerolog's Interface show no
// more), which makes a Config safe to log whole. Reveal returns the token
// itself, for the one place that hands it to a client.
type Secret string

// Reveal returns the token.
func (s Secret) Reveal() string { return string(s) }

// IsSet reports whether the token is not empty.
func (s Secret) IsSet() bool { return s != "" }

// String returns "set" or "unset", never the token.
func (s Secret) String() string {
	if s.IsSet() {
		return "set"
	}
	return "unset"
}

// Format implements fmt.Formatter so that every verb, %x, %d and %#v
// included, prints "set" or "unset".
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		io.WriteString(f, strconv.Quote(s.String()))
		return
	}
	io.WriteString(f, s.String())
}

// MarshalText implements encoding.TextMarshaler with "set" or "unset".
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// slackPrefix returns the Slack-style type prefix of a token, like "xoxb-"
// or "xapp-", or "" when it has none. It is the most of a token a message
// may show.
func slackPrefix(token string) string {
	i := strings.IndexByte(token, '-')
	if i < 3 || i > 4 || token[0] != 'x' {
		return ""
	}
	for _, r := range token[:i] {
		if r < 'a' || r > 'z' {
			return ""
		}
	}
	return token[:i+1]
}

// describeToken says what a token looks like without showing it.
func describeToken(token string) string {
	if p := slackPrefix(token); p != "" {
		return fmt.Sprintf("a token starting with %q", p)
	}
	return "a token without a Slack prefix"
}

// hasSpace reports whether s holds a space, tab or line break.
func hasSpace(s string) bool { return strings.IndexFunc(s, unicode.IsSpace) >= 0 }
