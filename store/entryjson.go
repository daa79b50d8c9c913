package store

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/warroom-dev/warroom/bot"
)

// Timeline values are bot.Entry in JSON, as encoding/json writes it.
// encoding/json is the reference, but its reflection is most of the cost of
// an append outside the commit and of a postmortem's scan of 100,000
// entries, so encodeEntry writes that one flat shape directly (the same
// bytes, which the tests check), and entryDecoder reads it directly, handing
// anything else (a field it does not know, an escape it does not handle)
// to json.Unmarshal.

// entryDecoder decodes timeline values. Its zero value is ready to use; it
// keeps a buffer between calls, so it is not safe for concurrent use.
type entryDecoder struct {
	buf []byte // unescaped string fields of the entry being decoded
}

// decode decodes the timeline entry with key k and value v into e,
// overwriting all of it.
func (d *entryDecoder) decode(k, v []byte, e *bot.Entry) error {
	if !d.fast(v, e) {
		*e = bot.Entry{}
		if err := json.Unmarshal(v, e); err != nil {
			return fmt.Errorf("decode timeline entry %x: %w", k, err)
		}
	}
	e.IncidentID = keyID(k)
	e.Seq = timelineSeq(k)
	return nil
}

// entryString names the string fields of an entry, in the order of
// entryDecoder's spans.
const (
	fAuthor = iota
	fAuthorName
	fMessageID
	fKey
	fText
	fOriginal
	fKind // only when the kind is none of bot's constants
	fThread
	fThreadID
	nStringFields
)

// fast decodes v into e if v is a flat JSON object of Entry's fields in
// the forms encoding/json writes, and reports whether it did.
func (d *entryDecoder) fast(v []byte, e *bot.Entry) bool {
	*e = bot.Entry{}
	d.buf = d.buf[:0]
	var spans [nStringFields]struct{ start, end int }
	for i := range spans {
		spans[i].start = -1
	}
	i := skipSpace(v, 0)
	if i >= len(v) || v[i] != '{' {
		return false
	}
	i = skipSpace(v, i+1)
	if i < len(v) && v[i] == '}' {
		i++
	} else {
		for {
			key, next, ok := plainString(v, i)
			if !ok {
				return false
			}
			i = skipSpace(v, next)
			if i >= len(v) || v[i] != ':' {
				return false
			}
			i = skipSpace(v, i+1)
			field := -1
			switch string(key) {
			case "incident_id", "seq": // the key holds both
				if i, ok = skipInteger(v, i, key[0] == 'i'); !ok {
					return false
				}
			case "at":
				s, next, ok := plainString(v, i)
				if !ok {
					return false
				}
				if e.At.UnmarshalText(s) != nil { // as json.Unmarshal parses it
					return false
				}
				i = next
			case "key_event", "bot":
				var b bool
				switch {
				case hasPrefixAt(v, i, "true"):
					b, i = true, i+4
				case hasPrefixAt(v, i, "false"):
					i += 5
				default:
					return false
				}
				if key[0] == 'k' {
					e.KeyEvent = b
				} else {
					e.Bot = b
				}
			case "kind":
				s, next, ok := plainString(v, i)
				if kind, known := entryKinds[string(s)]; ok && known {
					e.Kind, i = kind, next
					spans[fKind].start = -1
					break
				}
				field = fKind
			case "author":
				field = fAuthor
			case "author_name":
				field = fAuthorName
			case "message_id":
				field = fMessageID
			case "key":
				field = fKey
			case "text":
				field = fText
			case "original":
				field = fOriginal
			case "thread":
				field = fThread
			case "thread_id":
				field = fThreadID
			default:
				return false
			}
			if field >= 0 {
				start := len(d.buf)
				if i, ok = d.appendString(v, i); !ok {
					return false
				}
				spans[field].start, spans[field].end = start, len(d.buf)
			}
			i = skipSpace(v, i)
			if i < len(v) && v[i] == ',' {
				i = skipSpace(v, i+1)
				continue
			}
			if i < len(v) && v[i] == '}' {
				i++
				break
			}
			return false
		}
	}
	if skipSpace(v, i) != len(v) {
		return false
	}
	// One string holds every field; the fields are slices of it.
	all := string(d.buf)
	str := func(f int) string {
		if spans[f].start < 0 {
			return ""
		}
		return all[spans[f].start:spans[f].end]
	}
	e.Author, e.AuthorName, e.MessageID = str(fAuthor), str(fAuthorName), str(fMessageID)
	e.Key, e.Text, e.Original, e.Thread = str(fKey), str(fText), str(fOriginal), str(fThread)
	e.ThreadID = str(fThreadID)
	if spans[fKind].start >= 0 {
		e.Kind = bot.EntryKind(str(fKind))
	}
	return true
}

// entryKinds maps the kinds bot defines to themselves, so that decoding
// one allocates nothing.
var entryKinds = map[string]bot.EntryKind{}

func init() {
	for _, k := range []bot.EntryKind{
		bot.EntryMessage, bot.EntryEdit, bot.EntryDelete, bot.EntryPin, bot.EntryFile, bot.EntryJoin, bot.EntryBefore,
		bot.EntryDeclared, bot.EntryRole, bot.EntrySeverity, bot.EntryStatus, bot.EntryMilestone,
		bot.EntryUpdate, bot.EntryEvent, bot.EntryNote, bot.EntryReminder, bot.EntryEscalation, bot.EntryRefused,
	} {
		entryKinds[string(k)] = k
	}
}

func skipSpace(v []byte, i int) int {
	for i < len(v) && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r') {
		i++
	}
	return i
}

func hasPrefixAt(v []byte, i int, s string) bool {
	return len(v)-i >= len(s) && string(v[i:i+len(s)]) == s
}

// skipInteger skips a JSON integer that fits an int64 (and a uint64 if
// not signed) for certain: a minus if signed, and up to 18 digits without
// a leading zero.
func skipInteger(v []byte, i int, signed bool) (int, bool) {
	if signed && i < len(v) && v[i] == '-' {
		i++
	}
	start := i
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
	}
	switch {
	case i == start, i-start > 18, v[start] == '0' && i-start > 1:
		return i, false
	case i < len(v) && (v[i] == '.' || v[i] == 'e' || v[i] == 'E'):
		return i, false
	}
	return i, true
}

// plainString returns the contents of the JSON string at v[i] if it has no
// escapes and is valid UTF-8, and the index after it.
func plainString(v []byte, i int) ([]byte, int, bool) {
	if i >= len(v) || v[i] != '"' {
		return nil, i, false
	}
	start := i + 1
	ascii := true
	for j := start; j < len(v); j++ {
		switch c := v[j]; {
		case c == '"':
			s := v[start:j]
			return s, j + 1, ascii || utf8.Valid(s)
		case c == '\\' || c < 0x20:
			return nil, j, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, len(v), false
}

// appendString appends the unescaped contents of the JSON string at v[i]
// to d.buf and returns the index after it. It refuses what json.Unmarshal
// would decode differently from the bytes (invalid UTF-8, lone
// surrogates) or reject.
func (d *entryDecoder) appendString(v []byte, i int) (int, bool) {
	if i >= len(v) || v[i] != '"' {
		return i, false
	}
	i++
	for i < len(v) {
		// Copy the run up to the next quote or backslash.
		j := i
		for j < len(v) && v[j] != '"' && v[j] != '\\' && v[j] >= 0x20 {
			j++
		}
		run := v[i:j]
		if !utf8.Valid(run) {
			return j, false
		}
		d.buf = append(d.buf, run...)
		if j >= len(v) || v[j] < 0x20 {
			return j, false
		}
		if v[j] == '"' {
			return j + 1, true
		}
		// An escape.
		if j+1 >= len(v) {
			return j, false
		}
		switch c := v[j+1]; c {
		case '"', '\\', '/':
			d.buf = append(d.buf, c)
		case 'b':
			d.buf = append(d.buf, '\b')
		case 'f':
			d.buf = append(d.buf, '\f')
		case 'n':
			d.buf = append(d.buf, '\n')
		case 'r':
			d.buf = append(d.buf, '\r')
		case 't':
			d.buf = append(d.buf, '\t')
		case 'u':
			r, ok := hex4(v, j+2)
			if !ok {
				return j, false
			}
			j += 4
			if utf16.IsSurrogate(r) {
				r2, ok := hex4(v, j+4)
				if !ok || !hasPrefixAt(v, j+2, `\u`) {
					return j, false
				}
				if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
					return j, false
				}
				j += 6
			}
			d.buf = utf8.AppendRune(d.buf, r)
		default:
			return j, false
		}
		i = j + 2
	}
	return i, false
}

// hex4 decodes the 4 hex digits at v[i:].
func hex4(v []byte, i int) (rune, bool) {
	if len(v)-i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range v[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// entryFields are the JSON names of bot.Entry's fields, in order, that
// appendEntry writes. If bot.Entry changes, appendEntry leaves the work to
// encoding/json until it is taught the new shape.
var entryFields = []string{
	"incident_id", "seq", "at", "kind", "author,omitempty", "author_name,omitempty",
	"message_id,omitempty", "key,omitempty", "text", "original,omitempty",
	"key_event,omitempty", "bot,omitempty", "thread,omitempty",
	"thread_id,omitempty",
}

// entryShapeKnown reports whether bot.Entry still has the fields of
// entryFields.
var entryShapeKnown = func() bool {
	t := reflect.TypeFor[bot.Entry]()
	if t.NumField() != len(entryFields) {
		return false
	}
	for i, tag := range entryFields {
		if t.Field(i).Tag.Get("json") != tag {
			return false
		}
	}
	return true
}()

// encodeEntry returns e in JSON, byte for byte as json.Marshal writes it,
// with seq 0: the timeline key holds the sequence number.
func encodeEntry(e *bot.Entry) ([]byte, error) { return appendEntry(nil, e) }

// appendEntry appends e to b as encodeEntry encodes it.
func appendEntry(b []byte, e *bot.Entry) ([]byte, error) {
	if !entryShapeKnown {
		c := *e
		c.Seq = 0
		v, err := json.Marshal(&c)
		return append(b, v...), err
	}
	b = append(b, `{"incident_id":`...)
	b = strconv.AppendInt(b, e.IncidentID, 10)
	b = append(b, `,"seq":0,"at":"`...)
	b, err := e.At.AppendText(b)
	if err != nil {
		return nil, fmt.Errorf("encode entry time: %w", err)
	}
	b = append(b, `","kind":`...)
	b = appendJSONString(b, string(e.Kind))
	for _, f := range []struct {
		name, v string
	}{
		{`,"author":`, e.Author},
		{`,"author_name":`, e.AuthorName},
		{`,"message_id":`, e.MessageID},
		{`,"key":`, e.Key},
	} {
		if f.v != "" {
			b = appendJSONString(append(b, f.name...), f.v)
		}
	}
	b = appendJSONString(append(b, `,"text":`...), e.Text)
	if e.Original != "" {
		b = appendJSONString(append(b, `,"original":`...), e.Original)
	}
	if e.KeyEvent {
		b = append(b, `,"key_event":true`...)
	}
	if e.Bot {
		b = append(b, `,"bot":true`...)
	}
	if e.Thread != "" {
		b = appendJSONString(append(b, `,"thread":`...), e.Thread)
	}
	if e.ThreadID != "" {
		b = appendJSONString(append(b, `,"thread_id":`...), e.ThreadID)
	}
	return append(b, '}'), nil
}

// appendJSONString appends s quoted as encoding/json quotes it: HTML
// characters, U+2028 and U+2029 escaped, invalid UTF-8 replaced.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
