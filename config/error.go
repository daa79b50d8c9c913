package config

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// SettingError is a setting that is missing or has a bad value. Its message
// names the environment variable and the file key, says what is expected,
// and shows the value (never more than the prefix of a token) and where it
// came from:
//
//	WARROOM_REMINDER_P0 (reminders.p0) must be a duration of at least 1s like 15m or 1h30m, or off (got "15x" from the environment)
type SettingError struct {
	Env    string // the environment variable, e.g. WARROOM_REMINDER_P0
	Key    string // the file key, e.g. reminders.p0
	Msg    string // what is wrong and what is expected
	Got    string // the value as it may be shown, quoted; "" for none
	Source string // where the value came from: "the environment", "FILE:LINE"; "" when unknown
}

// Error returns the message.
func (e *SettingError) Error() string {
	var b strings.Builder
	b.WriteString(e.Env)
	b.WriteString(" (")
	b.WriteString(e.Key)
	b.WriteString(") ")
	b.WriteString(e.Msg)
	switch {
	case e.Got != "" && e.Source != "":
		b.WriteString(" (got " + e.Got + " from " + e.Source + ")")
	case e.Got != "":
		b.WriteString(" (got " + e.Got + ")")
	case e.Source != "":
		b.WriteString(" (set in " + e.Source + ")")
	}
	return b.String()
}

// bad returns a *SettingError for a setting's parser to return; the caller
// fills in which setting and where from.
func bad(msg, got string) *SettingError { return &SettingError{Msg: msg, Got: got} }

// maxShown is how many characters of a bad value a message shows.
const maxShown = 64

// quote quotes a value for a message, shortened if it is long.
func quote(s string) string {
	if utf8.RuneCountInString(s) <= maxShown {
		return strconv.Quote(s)
	}
	r := []rune(s)
	return strconv.Quote(string(r[:maxShown])) + "..."
}
