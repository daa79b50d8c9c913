package fakediscord

import (
	"strings"
	"testing"
)

// TestValidateCommand checks that the fake refuses what Discord refuses of
// an application command, and accepts what it accepts.
func TestValidateCommand(t *testing.T) {
	sub := func(name string, opts ...*CommandOption) *CommandOption {
		return &CommandOption{Type: OptSubCommand, Name: name, Description: "d", Options: opts}
	}
	str := func(name string, required bool) *CommandOption {
		return &CommandOption{Type: OptString, Name: name, Description: "d", Required: required}
	}
	many := func(n int) []*CommandOption {
		var os []*CommandOption
		for i := range n {
			os = append(os, sub("s"+strings.Repeat("x", i%30)+string(rune('a'+i/26))+string(rune('a'+i%26))))
		}
		return os
	}
	choices := func(n, length int) []*Choice {
		var cs []*Choice
		for i := range n {
			v := strings.Repeat("c", length-1) + string(rune('a'+i%26))
			cs = append(cs, &Choice{Name: v, Value: v})
		}
		return cs
	}
	tests := []struct {
		name string
		c    *Command
		ok   bool
	}{
		{"fine", &Command{Name: "incident", Description: "d", Options: []*CommandOption{sub("ack", str("at", false))}}, true},
		{"upper case name", &Command{Name: "Incident", Description: "d"}, false},
		{"no description", &Command{Name: "incident"}, false},
		{"25 subcommands", &Command{Name: "incident", Description: "d", Options: many(25)}, true},
		{"26 subcommands", &Command{Name: "incident", Description: "d", Options: many(26)}, false},
		{"long description", &Command{Name: "incident", Description: "d", Options: []*CommandOption{{Type: OptString, Name: "x", Description: strings.Repeat("d", 101)}}}, false},
		{"26 choices", &Command{Name: "incident", Description: "d", Options: []*CommandOption{{Type: OptString, Name: "x", Description: "d", Choices: choices(26, 1)}}}, false},
		{"long choice", &Command{Name: "incident", Description: "d", Options: []*CommandOption{{Type: OptString, Name: "x", Description: "d", Choices: choices(1, 101)}}}, false},
		{"required after optional", &Command{Name: "incident", Description: "d", Options: []*CommandOption{sub("a", str("x", false), str("y", true))}}, false},
		{"max_length 6001", &Command{Name: "incident", Description: "d", Options: []*CommandOption{{Type: OptString, Name: "x", Description: "d", MaxLength: 6001}}}, false},
		{"subcommand beside an option", &Command{Name: "incident", Description: "d", Options: []*CommandOption{sub("a"), str("x", false)}}, false},
		{"over 8000 characters", &Command{Name: "incident", Description: "d", Options: func() []*CommandOption {
			var os []*CommandOption
			for i := range 25 {
				os = append(os, &CommandOption{Type: OptSubCommand, Name: "s" + string(rune('a'+i)), Description: "d", Options: []*CommandOption{
					{Type: OptString, Name: "x", Description: strings.Repeat("d", 100), Choices: choices(3, 100)}}})
			}
			return os
		}()}, false},
	}
	for _, tt := range tests {
		if err := validateCommand(tt.c); (err == nil) != tt.ok {
			t.Errorf("%s: %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}
