package bot_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/warroom-dev/warroom/bot"
)

// TestHostileInput plays inputs meant to break things through the whole
// engine and checks the incident, the timeline and the postmortem survive.
func TestHostileInput(t *testing.T) {
	h := newHarness(t)
	inc := h.declare("🔥🔥🔥 --sev P1")
	if inc.Title != "🔥🔥🔥" || inc.ChannelName != "inc-1" {
		t.Fatalf("all-emoji title: %q in %q", inc.Title, inc.ChannelName)
	}
	huge := strings.Repeat("log line with | pipes and `ticks` ", 1200) // ~40 KB
	hostile := []string{
		huge,
		"bad utf-8: \xff\xfe\xfd",
		"control: \x00\x07\x1b[31mred\x1b[0m",
		"| a | b |\n|---|---|\n| broke | the table |",
		"# not a heading\n> not a quote\n```\nnot code",
		strings.Repeat("@here <!channel> ", 200),
	}
	for i, text := range hostile {
		h.say("mallory", "C1", "h"+string(rune('a'+i)), text)
	}
	h.cmd("alice", "C1", `action add "fix | the | pipes" @bob --prio P1`)
	h.cmd("alice", "C1", "why because\tof <!here>")
	h.cmd("alice", "C1", "close")

	var stored int
	for _, e := range h.timeline(1) {
		if e.Kind == bot.EntryMessage {
			stored++
			if e.Text == "" {
				t.Errorf("message %s stored empty", e.MessageID)
			}
		}
	}
	if stored != len(hostile) {
		t.Errorf("%d hostile messages stored, want %d", stored, len(hostile))
	}
	doc := string(h.chat.lastFile().Content)
	if !utf8.ValidString(doc) {
		t.Error("postmortem is not valid UTF-8")
	}
	if strings.ContainsAny(doc, "\x00\x07\x1b") {
		t.Error("postmortem carries control characters")
	}
	if n := strings.Count(doc, "log line with"); n < 1200 {
		t.Errorf("the 40 KB message is cut in the postmortem: %d of its 1200 lines", n)
	}
	// Every row of the actions table has exactly its 7 columns.
	_, table, _ := strings.Cut(doc, "| # | Action |")
	table, _, _ = strings.Cut(table, "\n\n")
	for _, row := range strings.Split(table, "\n")[1:] {
		if cells := strings.Count(strings.ReplaceAll(row, `\|`, ""), "|"); cells != 8 {
			t.Errorf("actions row with %d separators, want 8: %s", cells, row)
		}
	}
	for _, line := range strings.Split(doc, "\n") {
		if strings.HasPrefix(line, "# not a heading") || strings.HasPrefix(line, "> not a quote") {
			t.Errorf("typed Markdown escaped its line: %q", line)
		}
	}
}
