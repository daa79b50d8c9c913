package commands

import "testing"

func TestParseMention(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		// Slack
		{"<@U123>", "U123", true},
		{"<@U123|alice>", "U123", true},
		{"<@W0AB12|alice.smith>", "W0AB12", true},
		// Discord
		{"<@123456789012345678>", "123456789012345678", true},
		{"<@!123>", "123", true},
		// console
		{"@alice", "alice", true},
		{"@bob.smith", "bob.smith", true},
		{"@o_neil-2", "o_neil-2", true},
		{"@zoë", "zoë", true},
		// not user mentions
		{"alice", "", false},
		{"@", "", false},
		{"<@>", "", false},
		{"<@!>", "", false},
		{"<@U123", "", false},
		{"<@U 123>", "", false},
		{"<@&123>", "", false},   // Discord role
		{"<#C123>", "", false},   // Slack channel
		{"<!here>", "", false},   // Slack special
		{"<@U1|a>x", "", false},  // trailing text
		{"@alice,", "", false},   // punctuation is not part of a name
		{"@here", "", false},     // broadcast
		{"@Channel", "", false},  // broadcast
		{"@everyone", "", false}, // broadcast
		{"@al ice", "", false},
		{"@<@U1>", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseMention(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseMention(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
