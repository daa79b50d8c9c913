package postmortem

import "regexp"

// blameRule is a way of writing that reads as blame of a person, and the
// hint that helps rephrase it about the system.
type blameRule struct {
	re   *regexp.Regexp
	hint string
}

const (
	hintSafeguard = "say which check, default or review let it through, not who"
	hintForgot    = "say what made the step easy to miss: is it automated, in the runbook, checked?"
	hintOwn       = "describe what in the system made the mistake possible, not whose it was"
	hintPerson    = "describe what happened, not the person"
	hintHuman     = "human error is where the analysis starts: why was it possible, and why not caught?"
)

// blameRules are tried in order; the first that matches names the phrase.
var blameRules = []blameRule{
	{regexp.MustCompile(`(?i)\b(?:someone|somebody|they|he|she)\s+(?:fat[- ]?fingered|forgot|broke|messed up|screwed up|missed|ignored)\b`), hintSafeguard},
	{regexp.MustCompile(`(?i)\bfat[- ]?finger(?:ed|ing|s)?\b`), hintSafeguard},
	{regexp.MustCompile(`(?i)\b(?:this|that|it)(?:'s| is| was)\s+(?:all\s+)?on\s+(?:me|him|her|them)\b`), hintOwn},
	{regexp.MustCompile(`(?i)\b(?:my|his|her|their|your)\s+(?:fault|mistake|bad)\b`), hintOwn},
	{regexp.MustCompile(`(?i)\b[a-z]+\s+forgot\b`), hintForgot},
	{regexp.MustCompile(`(?i)\bblam(?:e|ed|es|ing)\b`), hintOwn},
	{regexp.MustCompile(`(?i)\bshould(?:n't| not)? have (?:known|checked|noticed)\b`), hintForgot},
	{regexp.MustCompile(`(?i)\b(?:careless|incompetent|sloppy|stupid|idiot|clueless)\b`), hintPerson},
	{regexp.MustCompile(`(?i)\bhuman error\b`), hintHuman},
}

// blameStems are what any rule needs in the text: the start of one of its
// words, lower-cased. Most messages have none and are passed over in one
// pass, without a regexp (running one on every message made a
// 100,000-entry draft take seconds).
var blameStems = []string{"fat", "finger", "forgot", "fault", "mistake", "bad", "blam", "should", "careless",
	"incompetent", "sloppy", "stupid", "idiot", "clueless", "human", "broke", "messed", "screwed", "missed", "ignored"}

// stemsByLetter are the blameStems by their first letter.
var stemsByLetter = func() (t [26][]string) {
	for _, st := range blameStems {
		t[st[0]-'a'] = append(t[st[0]-'a'], st)
	}
	return t
}()

// mayBlame reports whether a word of s starts with one of the blameStems,
// or s says "on me" (him, her, them), ignoring ASCII case.
func mayBlame(s string) bool {
	prevOn := false
	for i := 0; i < len(s); {
		if !isASCIILetter(s[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && isASCIILetter(s[j]) {
			j++
		}
		w := s[i:j]
		if prevOn && (foldEq(w, "me") || foldEq(w, "him") || foldEq(w, "her") || foldEq(w, "them")) {
			return true
		}
		for _, st := range stemsByLetter[w[0]|0x20-'a'] {
			if len(w) >= len(st) && foldEq(w[:len(st)], st) {
				return true
			}
		}
		prevOn = foldEq(w, "on")
		i = j
	}
	return false
}

// foldEq reports whether the ASCII letters w equal the lower-case lower,
// ignoring case.
func foldEq(w, lower string) bool {
	if len(w) != len(lower) {
		return false
	}
	for k := 0; k < len(w); k++ {
		if w[k]|0x20 != lower[k] {
			return false
		}
	}
	return true
}

// blameIn returns the phrase of s that reads as blame of a person and the
// hint to rephrase it, or "" if none does.
func blameIn(s string) (phrase, hint string) {
	if !mayBlame(s) {
		return "", ""
	}
	for _, r := range blameRules {
		if m := r.re.FindString(s); m != "" {
			return m, r.hint
		}
	}
	return "", ""
}

// blameless writes the last section: the lines that read as blame of a
// person, each with a hint to rephrase it about the system. Nothing is
// removed: the team decides. Deleted messages are not listed (their text
// is never shown), nor earlier versions of edited ones.
func (p *pmWriter) blameless() {
	p.section("Blameless check")
	p.str("_" + BlamelessReminder + "_\n\n")
	var lines []blame
	for _, b := range p.dg.blames {
		if !p.dg.gone(b.msg, b.phrase) {
			lines = append(lines, b)
		}
	}
	for _, field := range p.analysisTexts() {
		if phrase, hint := blameIn(field.text); phrase != "" {
			lines = append(lines, blame{text: field.text, phrase: phrase, hint: hint, by: field.where})
		}
	}
	if len(lines) == 0 {
		p.str("No line reads as blame of a person.\n\n")
		return
	}
	p.str("These lines read as blame of a person; rephrase them about the system (nothing was removed):\n\n")
	for _, b := range lines {
		p.str("- ")
		if b.at.IsZero() {
			p.text(b.by, styleName) // the section it is in
		} else {
			p.str("`")
			p.when(b.at)
			p.str("` ")
			p.user(b.by, b.byName)
		}
		p.str(": \"")
		p.text(b.phrase, styleEmph)
		p.str("\" — _")
		p.str(b.hint)
		p.str("_\n")
	}
	p.str("\n")
}

// analysisText is text people wrote into a section of the draft.
type analysisText struct{ where, text string }

// analysisTexts returns what people wrote into the draft's sections.
func (p *pmWriter) analysisTexts() []analysisText {
	inc := p.inc
	out := []analysisText{{"Summary", inc.Summary}, {"Impact", inc.Impact}, {"Resolution", inc.Resolution}}
	for _, ph := range inc.Phases {
		out = append(out, analysisText{"Impact", ph.Text})
	}
	for _, w := range inc.Whys {
		out = append(out, analysisText{"Root cause analysis", w})
	}
	for _, c := range inc.Causes {
		out = append(out, analysisText{"Contributing factors", c.Text})
	}
	for _, c := range inc.Chains {
		for _, w := range c.Whys {
			out = append(out, analysisText{"Root cause analysis", w})
		}
	}
	for _, a := range inc.Actions {
		out = append(out, analysisText{"Actions", a.Text})
	}
	for _, l := range inc.Lessons {
		out = append(out, analysisText{l.Kind.Title(), l.Text})
	}
	for _, c := range inc.Comms {
		out = append(out, analysisText{"Communications", c.Text})
	}
	return out
}
