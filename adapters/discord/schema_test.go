package discord

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/warroom-dev/warroom/commands"
	"github.com/warroom-dev/warroom/internal/fakediscord"
)

// TestSchemaIsTheGrammar checks that the application command Discord is
// given and the text grammar Slack and the console are parsed with are one
// description: every subcommand of package commands is offered, with each of
// its options (typed, with its choices, required as the grammar requires),
// and nothing else; and an interaction that fills every option turns into
// text the grammar parses as that subcommand.
func TestSchemaIsTheGrammar(t *testing.T) {
	now := time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)
	schema := map[string]*discordgo.ApplicationCommandOption{}
	for _, o := range Commands()[0].Options {
		if o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
			for _, s := range o.Options {
				schema[o.Name+" "+s.Name] = s
			}
			continue
		}
		schema[o.Name] = o
	}
	if len(schema) != len(commands.Subcommands) {
		t.Errorf("Discord offers %d subcommands, the grammar has %d", len(schema), len(commands.Subcommands))
	}
	for _, s := range commands.Subcommands {
		path := s.Name
		if s.DiscordGroup != "" {
			path = s.DiscordGroup + " " + s.Name
		}
		d := schema[path]
		if d == nil {
			t.Errorf("%s: not offered on Discord", s.Name)
			continue
		}
		if d.Description != s.Summary {
			t.Errorf("%s: described as %q, the grammar says %q", s.Name, d.Description, s.Summary)
		}
		want := append(slices.Clip(s.Options), commands.IDOption)
		if s.Anywhere {
			want = s.Options
		}
		if len(d.Options) != len(want) {
			t.Errorf("%s: %d options on Discord, %d in the grammar", s.Name, len(d.Options), len(want))
		}
		var filled []*opt
		for _, o := range want {
			i := slices.IndexFunc(d.Options, func(d *discordgo.ApplicationCommandOption) bool { return d.Name == o.Name })
			if i < 0 {
				t.Errorf("%s: option %s not offered on Discord", s.Name, o.Name)
				continue
			}
			do := d.Options[i]
			if do.Required != o.Required || do.Type != optionType(o.Kind) {
				t.Errorf("%s %s: required %v type %v on Discord; the grammar says %v, %v", s.Name, o.Name, do.Required, do.Type, o.Required, o.Kind)
			}
			var choices []string
			for _, c := range do.Choices {
				choices = append(choices, c.Value.(string))
			}
			if !slices.Equal(choices, o.Choices) {
				t.Errorf("%s %s: choices %v on Discord, %v in the grammar", s.Name, o.Name, choices, o.Choices)
			}
			if s.Name == "impact" && o.Name == "drop" {
				continue // --drop excludes the text, --from and --to (commands tests it)
			}
			filled = append(filled, &opt{Name: o.Name, Type: do.Type, Value: sample(o)})
		}
		group, name, ok := strings.Cut(path, " ")
		data := discordgo.ApplicationCommandInteractionData{Name: CommandName, Options: []*opt{sub(s.Name, filled...)}}
		if ok {
			data.Options = []*opt{{Name: group, Type: discordgo.ApplicationCommandOptionSubCommandGroup, Options: []*opt{sub(name, filled...)}}}
		}
		text, err := commandText(data)
		if err != nil {
			t.Errorf("%s: %v", s.Name, err)
			continue
		}
		inv, err := commands.Parse(text, now)
		if err != nil {
			t.Errorf("%s: %s: %v", s.Name, text, err)
			continue
		}
		if got := inv.Command.Name(); got != s.Name {
			t.Errorf("%s: %s parsed as %s", s.Name, text, got)
		}
	}
}

func optionType(k commands.Kind) discordgo.ApplicationCommandOptionType {
	switch k {
	case commands.User:
		return discordgo.ApplicationCommandOptionUser
	case commands.Number:
		return discordgo.ApplicationCommandOptionInteger
	case commands.Switch:
		return discordgo.ApplicationCommandOptionBoolean
	}
	return discordgo.ApplicationCommandOptionString
}

// sample is a valid value of an option, as Discord sends it.
func sample(o commands.Option) any {
	switch o.Kind {
	case commands.Choice:
		return o.Choices[len(o.Choices)-1]
	case commands.User:
		return "80351110224678912"
	case commands.Number:
		return 2.0
	case commands.Time:
		if o.Name == "to" {
			return "5m ago" // after --from
		}
		return "15m ago"
	case commands.Date:
		return "tomorrow"
	case commands.Duration:
		return "30m"
	case commands.Switch:
		return false // --mine and --owner exclude each other
	case commands.URL:
		return "https://deploy.example.com/runs/981"
	case commands.ActionRef:
		return "A-17"
	}
	if o.Name == "topic" {
		return "declare"
	}
	return "some text"
}

// TestDiscordGroup: subcommands given a DiscordGroup are listed under it,
// which makes room at the top (25 at most), and come back as the text the
// grammar reads; the text grammar takes the group word too.
func TestDiscordGroup(t *testing.T) {
	saved := commands.Subcommands
	t.Cleanup(func() { commands.Subcommands = saved })
	commands.Subcommands = slices.Clone(saved)
	for i, s := range commands.Subcommands {
		if s.Name == "impact" || s.Name == "why" {
			commands.Subcommands[i].DiscordGroup = "action"
		}
	}
	before, after := len(schema(saved)[0].Options), len(Commands()[0].Options)
	if after != before-2 {
		t.Errorf("%d subcommands and groups at the top, want %d", after, before-2)
	}
	text, err := commandText(discordgo.ApplicationCommandInteractionData{Name: CommandName, Options: []*opt{
		{Name: "action", Type: discordgo.ApplicationCommandOptionSubCommandGroup, Options: []*opt{sub("why", str("text", "pool too small"))}}}})
	if err != nil || text != `why "pool too small"` {
		t.Fatalf("commandText = %q, %v", text, err)
	}
	if _, err := commandText(discordgo.ApplicationCommandInteractionData{Name: CommandName, Options: []*opt{sub("why", str("text", "x"))}}); err == nil {
		t.Error("why at the top still accepted once it is listed under a group")
	}
	now := time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)
	for _, typed := range []string{"why pool too small", "action why pool too small"} {
		inv, err := commands.Parse(typed, now)
		if err != nil || inv.Command.Name() != "why" {
			t.Errorf("%q: %v, %v", typed, inv.Command, err)
		}
	}
	f := startFake(t, fakediscord.Options{})
	startAdapter(t, f, newRecHandler(), nil) // the fake refuses a schema Discord would refuse
}
