package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/warroom-dev/warroom/bot"
)

// Usage explains what a console line may be.
const Usage = `Type lines as a user, in the current channel or one you name:
  alice: /incident declare "checkout errors" --sev P1    a slash command
  bob: rolled back the deploy                             a message
  #general carol: anyone else seeing 500s?                 a message in #general (which becomes current)
  bob: /edit m7 rolled back deploy 4812                    edit message m7 (ids are shown in brackets)
  bob: /edit last rolled back deploy 4812                  edit your own last message
  bob: /delete m7                                          delete message m7 (or last)
  alice: /pin @bob                                         pin bob's last message as a key event (or m7)
  dave: /join                                              dave joins the current channel
  dave: /file graph.png https://grafana/...                dave shares a file
Lines starting with // are comments. Roles and action items go only to
people who have typed a line (dave: /join introduces dave).`

// Run reads lines from Options.In until it ends or ctx is done, executing
// each in turn. Errors in a line are printed and reading goes on. When ctx
// is done Run returns at once, after the line in hand (if any) has been
// carried out, even while a read is blocked.
func (a *Adapter) Run(ctx context.Context, h bot.Handler) error {
	r := a.in
	lines := make(chan string)
	errc := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		errc <- sc.Err()
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-errc:
			return err
		case line := <-lines:
			if err := a.Exec(ctx, h, line); err != nil {
				a.printf("!!! %v", err)
			}
		}
	}
}

// ErrSyntax is returned for a line that is not "user: text".
var ErrSyntax = errors.New(`a line is "user: text" or "#channel user: text" (type /help for more)`)

// Exec executes one console line.
func (a *Adapter) Exec(ctx context.Context, h bot.Handler, line string) error {
	line = strings.TrimSpace(line)
	if line == "" || strings.HasPrefix(line, "//") {
		return nil
	}
	if line == "/help" || line == "help" {
		a.printf("%s", Usage)
		return nil
	}
	if strings.HasPrefix(line, "#") {
		ch, rest, _ := strings.Cut(line[1:], " ")
		if ch == "" {
			return ErrSyntax
		}
		a.mu.Lock()
		a.channels[ch] = true
		a.current = ch
		a.mu.Unlock()
		line = strings.TrimSpace(rest)
		if line == "" {
			return nil
		}
	}
	user, text, ok := strings.Cut(line, ":")
	user, text = strings.TrimPrefix(strings.TrimSpace(user), "@"), strings.TrimSpace(text)
	if !ok || user == "" || strings.ContainsAny(user, " \t") {
		return ErrSyntax
	}
	a.mu.Lock()
	a.users[user] = true
	a.mu.Unlock()
	channel := a.Current()
	now := a.clock.Now()
	a.printf("[#%s] %s: %s", channel, user, text)

	verb, rest, _ := strings.Cut(text, " ")
	rest = strings.TrimSpace(rest)
	switch verb {
	case a.command:
		resp := h.Command(ctx, bot.Request{User: user, UserName: user, ChannelID: channel, Text: rest})
		if resp.Text != "" {
			return a.PostPrivate(ctx, channel, user, resp.Text)
		}
		return nil
	case "/edit":
		ref, newText, _ := strings.Cut(rest, " ")
		id, old, err := a.message(ref, user)
		if err != nil {
			return err
		}
		a.mu.Lock()
		a.messages[a.byID[id]].text = newText
		a.mu.Unlock()
		return record(ctx, h, bot.Event{Kind: bot.MessageEdited, ChannelID: old.channel, MessageID: id, User: user, UserName: user, At: now, Text: newText, PrevText: old.text})
	case "/delete":
		id, old, err := a.message(rest, user)
		if err != nil {
			return err
		}
		a.mu.Lock()
		a.messages[a.byID[id]].deleted = true
		a.mu.Unlock()
		return record(ctx, h, bot.Event{Kind: bot.MessageDeleted, ChannelID: old.channel, MessageID: id, User: user, UserName: user, At: now, PrevText: old.text})
	case "/pin":
		id, old, err := a.message(rest, user)
		if err != nil {
			return err
		}
		return record(ctx, h, bot.Event{Kind: bot.ReactionAdded, ChannelID: old.channel, MessageID: id, User: user, UserName: user, At: now, Reaction: bot.PinReaction})
	case "/join":
		return record(ctx, h, bot.Event{Kind: bot.MemberJoined, ChannelID: channel, User: user, UserName: user, At: now})
	case "/file":
		name, url, _ := strings.Cut(rest, " ")
		id, err := a.remember(ctx, message{channel: channel, user: user, text: name, at: now, file: true})
		if err != nil {
			return err
		}
		return record(ctx, h, bot.Event{Kind: bot.FileShared, ChannelID: channel, MessageID: id, User: user, UserName: user, At: now, FileName: name, FileURL: url})
	}
	if strings.HasPrefix(verb, "/") {
		return fmt.Errorf("unknown console command %s (type /help)", verb)
	}
	id, err := a.remember(ctx, message{channel: channel, user: user, text: text, at: now})
	if err != nil {
		return err
	}
	if err := record(ctx, h, bot.Event{Kind: bot.MessagePosted, ChannelID: channel, MessageID: id, User: user, UserName: user, At: now, Text: text}); err != nil {
		return err
	}
	// Printed only once the engine acknowledged it: the entry is on disk.
	a.printf("    (%s)", id)
	return nil
}

// message finds a remembered message by reference: its id ("m3"), "last"
// (the user's own last message) or "@bob" (bob's last message).
func (a *Adapter) message(ref, user string) (string, message, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if ref == "last" || strings.HasPrefix(ref, "@") {
		if ref != "last" {
			user = ref[1:]
		}
		for i := len(a.messages) - 1; i >= 0; i-- {
			if a.messages[i].user == user {
				return a.messages[i].id, a.messages[i], nil
			}
		}
		return "", message{}, fmt.Errorf("%s has posted no message yet", user)
	}
	i, ok := a.byID[ref]
	if !ok {
		return "", message{}, fmt.Errorf("no message %q in this session: refer to a message by its id (m3), last, or @user", ref)
	}
	return ref, a.messages[i], nil
}

// record hands one event to the engine and waits until it is committed.
func record(ctx context.Context, h bot.Handler, ev bot.Event) error {
	done := make(chan error, 1)
	h.Ingest(ctx, []bot.Event{ev}, func(err error) { done <- err })
	return <-done
}

// Connected reports true: the console is always there.
func (a *Adapter) Connected() bool { return true }
