package slack

import (
	"regexp"
	"strings"
)

// escaper escapes the three characters Slack's message formatting gives a
// meaning to. Escaped, <!channel>, <!here>, <!everyone>, <!subteam^ID> and
// <@U123> are shown as typed and ping nobody.
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// broadcastWord matches the plain-text broadcast words that Slack links
// when a message is posted with link_names.
var broadcastWord = regexp.MustCompile(`(?i)@(channel|here|everyone|group)\b`)

// wordJoiner is the invisible U+2060 WORD JOINER: put after the @, it
// keeps @channel looking the same while Slack no longer reads it as one.
const wordJoiner = "\u2060"

// Quote implements bot.Chat: text a person typed, made safe to echo. It
// escapes &, < and > as Slack's formatting requires, which neutralises
// <!channel>, <!here>, <!everyone>, <!subteam^...> and user mentions, and
// breaks plain @channel, @here and @everyone with an invisible word joiner.
func (a *Adapter) Quote(text string) string { return Quote(text) }

// Quote is Adapter.Quote without an adapter.
func Quote(text string) string {
	return broadcastWord.ReplaceAllString(escaper.Replace(text), "@"+wordJoiner+"$1")
}

// unescaper undoes Slack's escaping of text it delivers, so that the
// engine sees what people typed.
var unescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

// plain returns the text of a message or command as typed: Slack's
// &amp; &lt; &gt; undone. Mentions (<@U1>, <!here>) stay as Slack wrote
// them.
func plain(text string) string { return unescaper.Replace(text) }
