package bot

import (
	"context"
	"strings"
	"unicode/utf8"
)

// threadNameWords and threadNameLen bound a thread's name taken from the
// message it started with: enough to recognise it by.
const (
	threadNameWords = 6
	threadNameLen   = 40
)

// ThreadName names a thread that has no name of its own (a Slack thread)
// by the message it started with: its first words, quoted, as in
// "the pool is exhausted at…". It is "" for a message without words.
func ThreadName(text string) string {
	words := strings.Fields(text)
	if len(words) == 0 {
		return ""
	}
	cut := len(words) > threadNameWords
	if cut {
		words = words[:threadNameWords]
	}
	s := strings.Join(words, " ")
	if utf8.RuneCountInString(s) > threadNameLen {
		s, cut = strings.TrimSpace(string([]rune(s)[:threadNameLen])), true
	}
	if cut {
		s += "…"
	}
	return `"` + s + `"`
}

// threadName names the thread a reply is in by the message it started
// with (ThreadName), or is "" when that message is not in the timeline,
// as when the bot posted it.
func (e *Engine) threadName(ctx context.Context, incidentID int64, messageID string) string {
	parent, err := e.store.Message(ctx, incidentID, messageID)
	if err != nil {
		return ""
	}
	return ThreadName(parent.Text)
}
