package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// Usage explains what a console line may be, for the default command
// name; the /help line shows it with the adapter's own.
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
people who have typed a line (dave: /join introduces dave).
A line may begin with when it was said (UTC), to replay an incident or write one up afterwards:
  [2017-01-31 23:27] alice: /incident declare "db down" --started 23:10    the day and time (seconds optional)
  [23:31] #db bob: restarting the primary                                   a time on the day of the timestamp before
From then on the clock stays at the last timestamp (lines without one take its time), relative
times in commands (--started 23:10, --at -15m) are read from it, and reminders fire as it moves.
Times only go forward: the first timestamp needs its day, and one before the line above it is refused.`

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
var ErrSyntax = errors.New(`a line is "user: text" or "#channel user: text", after a timestamp if it has one (type /help for more)`)

// Sweeper is the part of the engine that posts the reminders due at the
// clock's time; bot.Engine is one. Exec sweeps a Sweeper handler as a
// timestamp moves the clock, so a replay prints the reminders that would
// have fired.
type Sweeper interface {
	Sweep(ctx context.Context) error
}

// setter is a clock a timestamp can set.
type setter interface {
	Set(time.Time)
}

// Exec executes one console line. A line that begins with a timestamp
// (stamp.go) first moves the clock to its time, and if h is a Sweeper,
// sweeps it once for every minute the clock moves on from the timestamp
// before and at the line's time, as the minutes would have passed. A line
// whose timestamp or form is wrong changes nothing, not even the clock.
func (a *Adapter) Exec(ctx context.Context, h bot.Handler, line string) error {
	// A transcript saved by some editors begins with a byte order mark.
	stamp, line, stamped, err := cutStamp(strings.TrimSpace(strings.TrimPrefix(line, "\ufeff")))
	if err != nil {
		return err
	}
	var at time.Time
	if stamped {
		if at, err = a.when(stamp); err != nil {
			return err
		}
	}
	if line == "" || strings.HasPrefix(line, "//") {
		return a.moveTo(ctx, h, at)
	}
	if line == "/help" || line == "help" {
		a.printf("%s", strings.ReplaceAll(Usage, bot.DefaultCommand+" ", a.command+" "))
		return a.moveTo(ctx, h, at)
	}
	var ch string
	if strings.HasPrefix(line, "#") {
		var rest string
		ch, rest, _ = strings.Cut(line[1:], " ")
		if ch == "" {
			return ErrSyntax
		}
		line = strings.TrimSpace(rest)
	}
	var user, text string
	if line != "" {
		var ok bool
		user, text, ok = strings.Cut(line, ":")
		user, text = strings.TrimPrefix(strings.TrimSpace(user), "@"), strings.TrimSpace(text)
		if !ok || user == "" || strings.ContainsAny(user, " \t") {
			return ErrSyntax
		}
	}
	if err := a.moveTo(ctx, h, at); err != nil {
		return err
	}
	if ch != "" {
		a.mu.Lock()
		a.channels[ch] = true
		a.current = ch
		a.mu.Unlock()
	}
	if user == "" {
		return nil
	}
	now := a.clock.Now()
	a.mu.Lock()
	a.users[user] = true
	a.last = now
	replay := !a.stamp.IsZero()
	a.mu.Unlock()
	channel := a.Current()
	if replay {
		// A replay's lines show their time, so its output reads as the story.
		a.printf("[#%s %s] %s: %s", channel, clockTime(now), user, text)
	} else {
		a.printf("[#%s] %s: %s", channel, user, text)
	}

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

// when is the time of a line's timestamp. It is refused if it cannot be
// read, if the console's clock cannot be set, if it is before the line
// before it (the record keeps the order things happened in), or if it is
// still to come.
func (a *Adapter) when(stamp string) (time.Time, error) {
	if _, ok := a.clock.(setter); !ok {
		return time.Time{}, fmt.Errorf("timestamp [%s]: this console's clock cannot be set, so its lines cannot carry times", stamp)
	}
	a.mu.Lock()
	day, last := a.stamp, a.last
	a.mu.Unlock()
	t, err := parseStamp(stamp, day)
	if err != nil {
		return time.Time{}, err
	}
	if t.Before(last) {
		hint := ""
		// A time alone a little after midnight most likely meant the next day.
		if next := t.AddDate(0, 0, 1); !strings.Contains(stamp, "-") && !next.Before(last) && next.Sub(last) <= 12*time.Hour {
			hint = fmt.Sprintf("; for the next day write [%s]", stampLayout(next))
		}
		return time.Time{}, fmt.Errorf("timestamp [%s] is %s UTC, before the line before it at %s UTC: lines go in the order they happened%s", stamp, stampLayout(t), stampLayout(last), hint)
	}
	if now := a.wall.Now(); t.After(now.Add(time.Minute)) {
		return time.Time{}, fmt.Errorf("timestamp [%s] is %s UTC, still to come (it is %s UTC)", stamp, stampLayout(t), stampLayout(now.UTC().Truncate(time.Second)))
	}
	return t, nil
}

// moveTo sets the clock to at, a line's timestamp (none if zero), sweeping
// h if it is a Sweeper: once a minute from the timestamp before, then at
// at.
func (a *Adapter) moveTo(ctx context.Context, h bot.Handler, at time.Time) error {
	if at.IsZero() {
		return nil
	}
	clock := a.clock.(setter) // when checked
	a.mu.Lock()
	from := a.stamp
	a.stamp, a.last = at, at
	a.mu.Unlock()
	if from.IsZero() || from.YearDay() != at.YearDay() || from.Year() != at.Year() {
		a.printf("*** %s (times are UTC)", at.Format("Monday 2006-01-02"))
	}
	sw, ok := h.(Sweeper)
	if !ok {
		clock.Set(at)
		return nil
	}
	if !from.IsZero() {
		for t := from.Add(time.Minute); t.Before(at); t = t.Add(time.Minute) {
			clock.Set(t)
			if err := sw.Sweep(ctx); err != nil {
				clock.Set(at)
				return fmt.Errorf("reminders due by %s UTC: %w", stampLayout(t), err)
			}
		}
	}
	clock.Set(at)
	if err := sw.Sweep(ctx); err != nil {
		return fmt.Errorf("reminders due by %s UTC: %w", stampLayout(at), err)
	}
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
