package commands

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/warroom-dev/warroom/bot"
)

// FuzzParse checks that Parse never panics, that every error it returns is
// an EInvalid *bot.Error with a usage line, that what it returns is
// well-formed, and that any text quoted as a title comes back as the title.
// Seeds are in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add("declare checkout errors --sev P1")
	f.Add("action add fix it @bob --due friday")
	f.Fuzz(func(t *testing.T, text string) {
		got, err := Parse(text, now)
		again, err2 := Parse(text, now)
		if !reflect.DeepEqual(got, again) || (err == nil) != (err2 == nil) {
			t.Fatalf("Parse(%q) is not deterministic", text)
		}
		if err != nil {
			var e *bot.Error
			if !errors.As(err, &e) || e.Code != bot.EInvalid {
				t.Fatalf("Parse(%q) error %#v is not an EInvalid *bot.Error", text, err)
			}
			if !strings.Contains(e.Message, "\nUsage: ") || !utf8.ValidString(e.Message) {
				t.Fatalf("Parse(%q) error %q: no usage line, or invalid UTF-8", text, e.Message)
			}
			if got.Command != nil {
				t.Fatalf("Parse(%q) returned a command and an error", text)
			}
		} else {
			checkInvocation(t, text, got)
		}

		// A title, quoted, is read back as that title. (Text too long to
		// parse is not looked at, so that its mutants do not look new to
		// the fuzzer and cost a minimization each.)
		if len(text) > MaxLen*utf8.UTFMax {
			return
		}
		title := strings.Join(strings.Fields(clean(text)), " ")
		if title == "" || utf8.RuneCountInString(title) > MaxTitle {
			return
		}
		quoted := "declare " + Quote(clean(text))
		if utf8.RuneCountInString(quoted) > MaxLen {
			return
		}
		got, err = Parse(quoted, now)
		if err != nil {
			t.Fatalf("Parse(%q): %v", quoted, err)
		}
		if d, ok := got.Command.(bot.Declare); !ok || d.Title != title {
			t.Fatalf("Parse(%q) = %#v, want title %q", quoted, got.Command, title)
		}
	})
}

// checkInvocation checks what a successful parse returned.
func checkInvocation(t *testing.T, text string, got bot.Invocation) {
	t.Helper()
	if got.Command == nil || got.IncidentID < 0 {
		t.Fatalf("Parse(%q) = %#v", text, got)
	}
	if _, ok := Lookup(got.Command.Name()); !ok {
		t.Fatalf("Parse(%q) made %q, which has no spec", text, got.Command.Name())
	}
	switch c := got.Command.(type) {
	case bot.Declare:
		if c.Title != strings.Join(strings.Fields(c.Title), " ") || utf8.RuneCountInString(c.Title) > MaxTitle {
			t.Fatalf("Parse(%q): title %q is not one trimmed line", text, c.Title)
		}
		if c.Started.After(now) || c.Detected.After(now) {
			t.Fatalf("Parse(%q): a time in the future: %#v", text, c)
		}
		if !c.Severity.Valid() {
			t.Fatalf("Parse(%q): severity %v", text, c.Severity)
		}
	case bot.AssignRole:
		if c.User == "" || strings.ContainsFunc(c.User, unicode.IsSpace) {
			t.Fatalf("Parse(%q): user %q", text, c.User)
		}
	case bot.PostUpdate:
		if c.Next < 0 || c.Next > maxNext {
			t.Fatalf("Parse(%q): --next %v", text, c.Next)
		}
	case bot.Acknowledge:
		notFuture(t, text, c.At)
	case bot.Mitigate:
		notFuture(t, text, c.At)
	case bot.Resolve:
		notFuture(t, text, c.At)
	case bot.MarkEvent:
		notFuture(t, text, c.At)
		nonEmpty(t, text, c.Text)
	case bot.SetImpact:
		nonEmpty(t, text, c.Text)
	case bot.SetSummary:
		nonEmpty(t, text, c.Text)
	case bot.AddWhy:
		nonEmpty(t, text, c.Text)
	case bot.AddCause:
		nonEmpty(t, text, c.Text)
	case bot.AddAction:
		nonEmpty(t, text, c.Text)
		if !c.Priority.Valid() || c.Type == "" || !c.Due.IsZero() && c.Due.Before(day(10)) {
			t.Fatalf("Parse(%q): action %#v", text, c)
		}
	case bot.CompleteAction:
		if c.N <= 0 {
			t.Fatalf("Parse(%q): action %d", text, c.N)
		}
	case bot.ShowTimeline:
		if c.Last < 0 {
			t.Fatalf("Parse(%q): --last %d", text, c.Last)
		}
	case bot.Help:
		if c.Text == "" {
			t.Fatalf("Parse(%q): empty help", text)
		}
	}
}

func notFuture(t *testing.T, text string, at time.Time) {
	t.Helper()
	if at.After(now) {
		t.Fatalf("Parse(%q): %v is in the future", text, at)
	}
}

func nonEmpty(t *testing.T, text, s string) {
	t.Helper()
	if strings.TrimSpace(s) == "" || !utf8.ValidString(s) {
		t.Fatalf("Parse(%q): text %q is empty or invalid UTF-8", text, s)
	}
}
