package bot

import (
	"strconv"
	"strings"
)

// ChannelName returns the suggested channel name for an incident:
// inc-<id>-<slug>, lowercase, only a-z, 0-9 and '-', at most max bytes
// (no limit if max <= 0), cut at a word boundary; the id is never cut. A
// title with nothing usable in it (all emoji, say) gives just inc-<id>.
func ChannelName(id int64, title string, max int) string {
	prefix := "inc-" + strconv.FormatInt(id, 10)
	slug := Slug(title)
	if slug == "" {
		return prefix
	}
	name := prefix + "-" + slug
	if max > 0 && len(name) > max {
		cut := name[:max]
		// Cut at a word boundary where one is in the slug.
		if name[max] != '-' {
			if i := strings.LastIndexByte(cut, '-'); i > len(prefix) {
				cut = cut[:i]
			}
		}
		name = strings.TrimRight(cut, "-")
		if len(name) < len(prefix) {
			name = prefix
		}
	}
	return name
}

// Slug returns s in the characters every platform allows in a channel
// name: lowercase, only a-z, 0-9 and '-', each run of anything else one
// '-', none at either end; "" if nothing is left. It is the one
// slugifier: ChannelName uses it, and adapters make sure of a name with it
// before they fit it to their platform's length.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}
