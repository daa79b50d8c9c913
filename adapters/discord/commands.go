package discord

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/warroom-dev/warroom/commands"
)

// CommandName is the application command the adapter registers.
const CommandName = "incident"

// Limits of an application command, as Discord documents them
// (https://discord.com/developers/docs/interactions/application-commands#application-command-object,
// and the ApplicationCommand*Option schemas of ../shared/specs/discord_openapi.json).
const (
	// maxOptions is how many options a command, subcommand or group may
	// have, subcommands and groups included ("maxItems": 25).
	maxOptions = 25
	// maxChoices is how many choices an option may have ("maxItems": 25).
	maxChoices = 25
	// maxDescription is the longest description of a command or option
	// ("maxLength": 100).
	maxDescription = 100
	// maxStringLength is the largest max_length of a string option
	// ("maximum": 6000).
	maxStringLength = 6000
	// maxInteger is the largest integer option Discord sends (2^53,
	// Int53Type).
	maxInteger = 1 << 53
)

// Commands returns the application commands the adapter registers: one
// /incident with a subcommand (or a group of them) per subcommand of the
// grammar in package commands, with its options typed, its choices listed
// and the required options first, as Discord requires.
func Commands() []*discordgo.ApplicationCommand { return schema(commands.Subcommands) }

// schema is the application command of the subcommands specs.
func schema(specs []commands.Spec) []*discordgo.ApplicationCommand {
	cmd := &discordgo.ApplicationCommand{
		Name:        CommandName,
		Type:        discordgo.ChatApplicationCommand,
		Description: "Run an incident war room",
	}
	groups := map[string]*discordgo.ApplicationCommandOption{}
	for _, s := range specs {
		opt := &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: s.Name, Description: s.Summary,
		}
		for _, o := range discordOptions(s) {
			opt.Options = append(opt.Options, option(o))
		}
		g := s.Group()
		if g == "" {
			g = s.DiscordGroup
		}
		if g == "" {
			cmd.Options = append(cmd.Options, opt)
			continue
		}
		opt.Name = strings.TrimPrefix(s.Name, g+" ")
		grp := groups[g]
		if grp == nil {
			grp = &discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionSubCommandGroup, Name: g, Description: groupSummary(g),
			}
			groups[g] = grp
			cmd.Options = append(cmd.Options, grp)
		}
		grp.Options = append(grp.Options, opt)
	}
	return []*discordgo.ApplicationCommand{cmd}
}

func groupSummary(name string) string {
	for _, g := range commands.Groups {
		if g.Name == name {
			return g.Summary
		}
	}
	return name
}

// discordOptions returns the options of s as Discord lists them: required
// ones first (Discord refuses a required option after an optional one),
// then the rest, then the incident's --id unless s acts on none.
func discordOptions(s commands.Spec) []commands.Option {
	var req, opt []commands.Option
	for _, o := range s.Options {
		if o.Required {
			req = append(req, o)
		} else {
			opt = append(opt, o)
		}
	}
	all := append(req, opt...)
	if !s.Anywhere {
		all = append(all, commands.IDOption)
	}
	return all
}

// option is the Discord option of o.
func option(o commands.Option) *discordgo.ApplicationCommandOption {
	d := &discordgo.ApplicationCommandOption{Name: o.Name, Description: o.Desc, Required: o.Required}
	switch o.Kind {
	case commands.User:
		d.Type = discordgo.ApplicationCommandOptionUser
	case commands.Switch:
		d.Type = discordgo.ApplicationCommandOptionBoolean
	case commands.Number:
		d.Type = discordgo.ApplicationCommandOptionInteger
		one, most := 1.0, float64(maxInteger)
		d.MinValue, d.MaxValue = &one, most
	default:
		d.Type = discordgo.ApplicationCommandOptionString
		if o.Max > 0 {
			d.MaxLength = min(o.Max, maxStringLength)
		}
	}
	for _, c := range o.Choices {
		d.Choices = append(d.Choices, &discordgo.ApplicationCommandOptionChoice{Name: c, Value: c})
	}
	return d
}

// commandText turns an /incident interaction back into the command text the
// grammar reads, e.g. `role ic <@123>` or
// `update "db is back" --status monitoring --next "30m"`.
func commandText(d discordgo.ApplicationCommandInteractionData) (string, error) {
	if d.Name != CommandName {
		return "", fmt.Errorf("unknown command /%s", d.Name)
	}
	if len(d.Options) != 1 {
		return "", fmt.Errorf("/%s without a subcommand", d.Name)
	}
	o := d.Options[0]
	if o == nil {
		return "", fmt.Errorf("/%s without a subcommand", d.Name)
	}
	name, opts := o.Name, o.Options
	spec, ok := commands.Lookup(name)
	ok = ok && spec.Name == name && spec.DiscordGroup == ""
	if o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
		if len(o.Options) != 1 || o.Options[0] == nil {
			return "", fmt.Errorf("/%s %s without a subcommand", d.Name, o.Name)
		}
		sub := o.Options[0].Name
		name, opts = o.Name+" "+sub, o.Options[0].Options
		spec, ok = commands.LookupIn(o.Name, sub)
		ok = ok && (spec.Name == name || spec.Name == sub && spec.DiscordGroup == o.Name)
	}
	if !ok {
		return "", fmt.Errorf("unknown subcommand %q", name)
	}
	name = spec.Name
	given := map[string]*discordgo.ApplicationCommandInteractionDataOption{}
	for _, v := range opts {
		if v == nil {
			return "", fmt.Errorf("%s: an empty option", name)
		}
		given[v.Name] = v
	}
	var b strings.Builder
	b.WriteString(name)
	// Positional arguments in the grammar's order, then flags.
	params := append(slices.Clip(spec.Options), commands.IDOption)
	for _, flags := range []bool{false, true} {
		for _, p := range params {
			v := given[p.Name]
			if v == nil || (p.Flag != "") != flags {
				continue
			}
			delete(given, p.Name)
			if p.Kind == commands.Switch {
				on, ok := v.Value.(bool)
				if !ok {
					return "", fmt.Errorf("%s %s: want true or false, got %T", name, p.Name, v.Value)
				}
				if on {
					b.WriteString(" --" + p.Flag)
				}
				continue
			}
			s, err := format(p, v.Value)
			if err != nil {
				return "", fmt.Errorf("%s %s: %w", name, p.Name, err)
			}
			b.WriteByte(' ')
			if flags {
				b.WriteString("--" + p.Flag + " ")
			}
			b.WriteString(s)
		}
	}
	for n := range given {
		return "", fmt.Errorf("%s: unknown option %q", name, n)
	}
	return b.String(), nil
}

// format writes an option value as the grammar reads it.
func format(o commands.Option, v any) (string, error) {
	kind := o.Kind
	if _, ok := v.(float64); ok && kind == commands.ActionRef {
		// A client that still has the schema from before actions took
		// global ids offers n as an integer.
		kind = commands.Number
	}
	switch kind {
	case commands.Number:
		f, ok := v.(float64)
		if !ok {
			return "", fmt.Errorf("want a number, got %T", v)
		}
		// Discord sends whole numbers of at least min_value 1; anything
		// else would not survive the conversion.
		if f < 1 || f > maxInteger || f != math.Trunc(f) {
			return "", fmt.Errorf("want a whole number from 1, got %v", f)
		}
		return strconv.FormatInt(int64(f), 10), nil
	case commands.User:
		s, ok := v.(string)
		if !ok || !isSnowflake(s) {
			return "", fmt.Errorf("want a user id, got %v", v)
		}
		return "<@" + s + ">", nil
	case commands.Choice:
		s, ok := v.(string)
		if !ok || !slices.Contains(o.Choices, s) {
			return "", fmt.Errorf("%v is not one of %s", v, strings.Join(o.Choices, ", "))
		}
		return s, nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("want text, got %T", v)
	}
	return quote(s), nil
}

var quoter = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// quote writes s as one double-quoted token with backslash escapes.
func quote(s string) string { return `"` + quoter.Replace(s) + `"` }
