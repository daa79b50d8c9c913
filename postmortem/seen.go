package postmortem

// seenBefore writes "Have we seen this before?": the earlier incidents like
// this one, each with its root cause and, for a repeat, the actions it left
// unverified, which may be why it happened again.
func (p *pmWriter) seenBefore() {
	if !p.d.SimilarSearched {
		return
	}
	p.section("Have we seen this before?")
	if len(p.d.Similar) == 0 {
		p.str("_No similar earlier incident found._\n\n")
		return
	}
	for _, s := range p.d.Similar {
		inc := s.Incident
		p.str("- **INC-")
		p.num(inc.ID)
		p.str("** ")
		p.text(inc.Title, styleItem)
		p.str(" (")
		p.str(inc.Severity.String())
		p.str(", ")
		p.date(inc.Milestones.Declared)
		p.str("): ")
		p.text(s.Cause, styleItem)
		p.str("\n")
		if len(s.Unverified) == 0 {
			p.str("  - Its actions are all verified or dropped.\n")
			continue
		}
		for _, a := range s.Unverified {
			p.str("  - Not verified: #")
			p.num(int64(a.N))
			p.str(" ")
			p.text(a.Text, styleItem)
			p.str(" (")
			p.str(string(a.State()))
			p.str(")\n")
		}
	}
	p.str("\nAn action left unverified after a similar incident may be why this one happened.\n\n")
}
