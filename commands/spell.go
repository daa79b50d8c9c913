package commands

import "strings"

// Spell returns sub as people type it, slash command included, for the
// texts that tell them what to type: "/incident cause" or, when p.Grouped,
// "/incident writeup cause" (and "/incident learn similar" for the alias
// "similar"), since Discord offers only the grouped forms. sub is a
// subcommand's name or alias; other words follow the slash command as
// they are. It is what the engine's texts spell commands with
// (bot.Options.Spell).
func (p Parser) Spell(sub string) string {
	if s := lookup(sub); s != nil && p.Grouped {
		return p.Name() + " " + p.typed(s)
	}
	return p.Name() + " " + sub
}

// typed returns the subcommand's name as typed: with its Discord group in
// front when p.Grouped.
func (p Parser) typed(s *Spec) string {
	if p.Grouped && s.DiscordGroup != "" {
		return s.DiscordGroup + " " + s.Name
	}
	return s.Name
}

// lookupTopic finds the subcommand a help topic names: its name or alias,
// or a one-word subcommand under its Discord group ("writeup cause").
func lookupTopic(topic string) *Spec {
	topic = strings.Join(strings.Fields(strings.ToLower(topic)), " ")
	if s := lookup(topic); s != nil {
		return s
	}
	if g, verb, ok := strings.Cut(topic, " "); ok && isGroup(g) {
		return lookupIn(g, verb)
	}
	return nil
}
