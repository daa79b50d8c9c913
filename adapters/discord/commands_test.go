package discord

import (
	"testing"

	"github.com/bwmarrin/discordgo"
)

type opt = discordgo.ApplicationCommandInteractionDataOption

func sub(name string, opts ...*opt) *opt {
	return &opt{Name: name, Type: discordgo.ApplicationCommandOptionSubCommand, Options: opts}
}

func str(name, v string) *opt {
	return &opt{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: v}
}

func num(name string, v float64) *opt {
	return &opt{Name: name, Type: discordgo.ApplicationCommandOptionInteger, Value: v}
}

func boolean(name string, v bool) *opt {
	return &opt{Name: name, Type: discordgo.ApplicationCommandOptionBoolean, Value: v}
}

func usr(name, v string) *opt {
	return &opt{Name: name, Type: discordgo.ApplicationCommandOptionUser, Value: v}
}

func TestCommandText(t *testing.T) {
	tests := []struct {
		name string
		opts []*opt
		want string
	}{
		{"declare", []*opt{sub("declare", str("title", "DB down"), str("severity", "P1"))}, `declare "DB down" --sev P1`},
		{"declare options in any order", []*opt{sub("declare", str("description", `said "hi" \o/`), str("title", "x"))},
			`declare "x" --desc "said \"hi\" \\o/"`},
		{"role", []*opt{sub("role", usr("user", "42"), str("role", "ic"))}, `role ic <@42>`},
		{"ack", []*opt{sub("ack")}, `ack`},
		{"ack by id", []*opt{sub("ack", num("id", 7))}, `ack --id 7`},
		{"ack at", []*opt{sub("ack", str("at", "15m ago"))}, `ack --at "15m ago"`},
		{"update form", []*opt{sub("update")}, `update`},
		{"update", []*opt{sub("update", str("next", "30m"), str("text", "rolled back"), str("status", "monitoring"))},
			`update "rolled back" --status monitoring --next "30m"`},
		{"action add", []*opt{{Name: "action", Type: discordgo.ApplicationCommandOptionSubCommandGroup, Options: []*opt{
			sub("add", str("text", "add alert"), usr("owner", "9"), str("due", "2024-06-01"), str("priority", "P2"), str("type", "prevent"))}}},
			`action add "add alert" --owner <@9> --due "2024-06-01" --prio P2 --type prevent`},
		{"action done", []*opt{{Name: "action", Type: discordgo.ApplicationCommandOptionSubCommandGroup, Options: []*opt{sub("done", str("n", "2"))}}},
			`action done "2"`},
		{"action done by global id", []*opt{{Name: "action", Type: discordgo.ApplicationCommandOptionSubCommandGroup, Options: []*opt{sub("done", str("n", "A-17"))}}},
			`action done "A-17"`},
		{"action done from the integer schema", []*opt{{Name: "action", Type: discordgo.ApplicationCommandOptionSubCommandGroup, Options: []*opt{sub("done", num("n", 2))}}},
			`action done 2`},
		{"timeline", []*opt{sub("timeline", num("last", 5))}, `timeline --last 5`},
		{"switches", []*opt{{Name: "learn", Type: discordgo.ApplicationCommandOptionSubCommandGroup, Options: []*opt{
			sub("followups", boolean("mine", true), boolean("overdue", false), boolean("all", true))}}}, `learn followups --mine --all`},
		{"action verify", []*opt{{Name: "action", Type: discordgo.ApplicationCommandOptionSubCommandGroup, Options: []*opt{
			sub("verify", str("n", "A-17"), str("link", "https://ci.example/1"))}}}, `action verify "A-17" "https://ci.example/1"`},
		{"cause", []*opt{{Name: "writeup", Type: discordgo.ApplicationCommandOptionSubCommandGroup, Options: []*opt{
			sub("cause", str("category", "process"), str("text", "no review"))}}}, `cause process "no review"`},
		{"help", []*opt{sub("help", str("topic", "update"))}, `help "update"`},
		{"newline kept", []*opt{sub("event", str("text", "a\nb"))}, "event \"a\nb\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := commandText(discordgo.ApplicationCommandInteractionData{Name: "incident", Options: tt.opts})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestCommandTextRejects(t *testing.T) {
	tests := []struct {
		name string
		d    discordgo.ApplicationCommandInteractionData
	}{
		{"other command", discordgo.ApplicationCommandInteractionData{Name: "ping"}},
		{"no subcommand", discordgo.ApplicationCommandInteractionData{Name: "incident"}},
		{"unknown subcommand", discordgo.ApplicationCommandInteractionData{Name: "incident", Options: []*opt{sub("explode")}}},
		{"unknown option", discordgo.ApplicationCommandInteractionData{Name: "incident", Options: []*opt{sub("ack", str("x", "y"))}}},
		{"bad choice", discordgo.ApplicationCommandInteractionData{Name: "incident", Options: []*opt{sub("sev", str("severity", "P9"))}}},
		{"bad user", discordgo.ApplicationCommandInteractionData{Name: "incident", Options: []*opt{sub("role", str("role", "ic"), usr("user", "@everyone"))}}},
		{"nil subcommand", discordgo.ApplicationCommandInteractionData{Name: "incident", Options: []*opt{nil}}},
		{"nil option", discordgo.ApplicationCommandInteractionData{Name: "incident", Options: []*opt{sub("ack", nil)}}},
		{"empty group", discordgo.ApplicationCommandInteractionData{Name: "incident", Options: []*opt{
			{Name: "action", Type: discordgo.ApplicationCommandOptionSubCommandGroup, Options: []*opt{nil}}}}},
		{"fraction", discordgo.ApplicationCommandInteractionData{Name: "incident", Options: []*opt{sub("timeline", num("last", 2.5))}}},
		{"zero", discordgo.ApplicationCommandInteractionData{Name: "incident", Options: []*opt{sub("ack", num("id", 0))}}},
		{"switch not a bool", discordgo.ApplicationCommandInteractionData{Name: "incident", Options: []*opt{sub("followups", str("all", "yes"))}}},
		{"huge", discordgo.ApplicationCommandInteractionData{Name: "incident", Options: []*opt{sub("ack", num("id", 1e300))}}},
	}
	for _, tt := range tests {
		if got, err := commandText(tt.d); err == nil {
			t.Errorf("%s: got %q, want an error", tt.name, got)
		}
	}
}

func TestCommandsFitDiscordLimits(t *testing.T) {
	cmds := Commands()
	var check func(path string, os []*discordgo.ApplicationCommandOption)
	check = func(path string, os []*discordgo.ApplicationCommandOption) {
		if len(os) > 25 {
			t.Errorf("%s: %d options, Discord allows 25", path, len(os))
		}
		for _, o := range os {
			if len(o.Description) < 1 || len(o.Description) > 100 {
				t.Errorf("%s %s: description of %d characters", path, o.Name, len(o.Description))
			}
			check(path+" "+o.Name, o.Options)
		}
	}
	check("/incident", cmds[0].Options)
}
