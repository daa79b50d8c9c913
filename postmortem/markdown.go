package postmortem

import (
	"bufio"
	"strings"
	"unicode"
	"unicode/utf8"
)

// textStyle says how text people typed is made safe where it goes.
type textStyle struct {
	// lineBreak is written between the lines of the text.
	lineBreak string
	// block neutralises what starts each line (headings, lists, quotes,
	// fences, HTML blocks, tables) and keeps blank lines as paragraph
	// breaks, for text that stands as its own paragraph.
	block bool
	// item neutralises the start of the text only: it follows a list
	// marker, where a '#' or '>' would still open a block.
	item bool
	// special marks the ASCII bytes that need a look: '<', '\\', '`' and
	// the escaped ones.
	special [128]bool
	// escaped marks the bytes always written with a backslash before them.
	escaped [128]bool
}

// newTextStyle returns a style that writes lineBreak between lines and a
// backslash before each byte of escaped.
func newTextStyle(lineBreak string, block, item bool, escaped string) *textStyle {
	st := &textStyle{lineBreak: lineBreak, block: block, item: item}
	st.special['<'] = true
	st.special['\\'] = true
	st.special['`'] = true
	for i := 0; i < len(escaped); i++ {
		st.special[escaped[i]] = true
		st.escaped[escaped[i]] = true
	}
	return st
}

// The places text goes.
var (
	// styleInline is for text on one line of a list: a timeline entry.
	styleInline = newTextStyle(" ↵ ", false, false, "")
	// styleEmph is for a timeline entry we put in bold or italics: its own
	// asterisks would end ours.
	styleEmph = newTextStyle(" ↵ ", false, false, "*")
	// styleItem is for text that is a whole list item.
	styleItem = newTextStyle(" ↵ ", false, true, "")
	// styleTitle is for the title in the heading.
	styleTitle = newTextStyle(" ", false, false, "")
	// styleCell is for a table cell.
	styleCell = newTextStyle("<br>", false, false, "|")
	// styleName is for names and labels: no Markdown at all.
	styleName = newTextStyle(" ", false, false, "\\`*_[]<>|~#")
	// styleBlock is for text that is a paragraph of its own.
	styleBlock = newTextStyle("\\\n", true, false, "")
)

// text writes s made safe for Markdown in style st.
func (p *pmWriter) text(s string, st *textStyle) {
	s = strings.TrimSpace(sanitize(s))
	// A stray backtick would open a code span that swallows the markup we
	// write after the text; when they do not pair up, escape them all.
	p.ticks = strings.Count(s, "`")%2 == 1
	pending := 0 // 1: a line break is due before the next line; 2: a paragraph break
	for len(s) > 0 {
		line := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		line = strings.TrimSpace(line)
		if line == "" {
			if st.block && pending > 0 {
				pending = 2
			}
			continue
		}
		switch {
		case pending == 2:
			p.str("\n\n")
		case pending == 1:
			p.str(st.lineBreak)
		}
		if st.block || st.item && pending == 0 {
			line = p.lineStart(line)
		}
		p.line(line, st)
		pending = 1
	}
}

// escapeMarkdown returns s made safe for Markdown in style st.
func escapeMarkdown(s string, st *textStyle) string {
	var b strings.Builder
	p := &pmWriter{w: bufio.NewWriterSize(&b, 64)}
	p.text(s, st)
	p.w.Flush()
	return b.String()
}

// textOrDash writes s made safe in style st, or "—" if it is blank.
func (p *pmWriter) textOrDash(s string, st *textStyle) {
	if blank(s) {
		p.str("—")
		return
	}
	p.text(s, st)
}

// lineStart neutralises what could make a line start a block: it escapes
// leading punctuation ('#', '>', '-', '<', '`', '|', ...) and the dot of
// an ordered-list number. It returns the rest of the line to write.
func (p *pmWriter) lineStart(line string) string {
	c := line[0]
	switch {
	case isASCIIPunct(c) && c != '\\':
		// A leading backslash is left to line, which doubles it before
		// punctuation.
		p.w.WriteByte('\\')
		p.w.WriteByte(c)
		return line[1:]
	case c >= '0' && c <= '9':
		i := 1
		for i < len(line) && line[i] >= '0' && line[i] <= '9' {
			i++
		}
		if i < len(line) && (line[i] == '.' || line[i] == ')') {
			p.str(line[:i])
			p.w.WriteByte('\\')
			p.w.WriteByte(line[i])
			return line[i+1:]
		}
	}
	return line
}

// line writes one sanitized line of text (no '\n') in style st.
func (p *pmWriter) line(s string, st *textStyle) {
	w := p.w
	run := 0 // start of the bytes not yet written
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || !st.special[c] {
			continue
		}
		w.WriteString(s[run:i])
		run = i + 1
		switch {
		case st.escaped[c]:
			w.WriteByte('\\')
		case c == '`':
			if p.ticks {
				w.WriteByte('\\')
			}
		case c == '<':
			// '<' before a letter, '/', '!' or '?' could open HTML.
			if i+1 < len(s) && (isASCIILetter(s[i+1]) || strings.IndexByte("/!?", s[i+1]) >= 0) {
				w.WriteByte('\\')
			}
		case c == '\\':
			// A backslash escapes the punctuation after it; double it where
			// it could escape our own escape or markup, or end the line.
			if i+1 == len(s) || isASCIIPunct(s[i+1]) {
				w.WriteByte('\\')
			}
		}
		w.WriteByte(c)
	}
	w.WriteString(s[run:])
}

// isWebURL reports whether s is an http or https URL: links to anything
// else (javascript:, data:) are not made.
func isWebURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}

// url writes a link destination, percent-encoding whatever could end it
// or break the line.
func (p *pmWriter) url(s string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("()<>\"'\\`|[]", c) >= 0 {
			p.w.Write([]byte{'%', hex[c>>4], hex[c&15]})
			continue
		}
		p.w.WriteByte(c)
	}
}

// sanitize returns s without what must never reach the draft: control
// characters other than newline (a tab becomes a space), bidi overrides
// and isolates (which can make text read other than it is), and the byte
// order mark; invalid UTF-8 becomes U+FFFD, and Unicode line separators
// spaces. It returns s itself, without copying, when all is well.
func sanitize(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < ' ' && c != '\n' || c == 0x7f {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || dropRune(r) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\t':
				b.WriteByte(' ')
			case c < ' ' && c != '\n' || c == 0x7f:
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString("\uFFFD")
		case spaceRune(r):
			b.WriteByte(' ')
		case dropRune(r):
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// dropRune reports whether r must not be copied: C1 controls, bidi
// overrides and isolates, line and paragraph separators, and the byte
// order mark.
func dropRune(r rune) bool {
	return r >= 0x80 && r <= 0x9f ||
		r >= 0x202a && r <= 0x202e ||
		r >= 0x2066 && r <= 0x2069 ||
		r == 0x2028 || r == 0x2029 || r == 0xfeff
}

// spaceRune reports whether a dropped rune stood for a break, and is
// replaced by a space.
func spaceRune(r rune) bool { return r == 0x85 || r == 0x2028 || r == 0x2029 }

// blank reports whether s would be written as nothing: it holds only
// spaces and characters that are dropped.
func blank(s string) bool {
	for _, r := range s {
		switch {
		case r < ' ', r == 0x7f, dropRune(r), unicode.IsSpace(r):
		default:
			return false // invalid bytes too: they are written as U+FFFD
		}
	}
	return true
}

// isASCIIPunct reports whether c is ASCII punctuation, which a backslash
// escapes in Markdown.
func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// isASCIILetter reports whether c is an ASCII letter.
func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
