// Package console is a chat platform in a terminal: a person types lines as
// any user in any channel, and the bot's posts are printed. The demo and
// `warroom console` use it; it needs no network.
package console

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// Adapter is the console chat platform. Channel ids are channel names.
type Adapter struct {
	in      io.Reader
	out     io.Writer
	files   string
	clock   bot.Clock
	wall    bot.Clock
	command string

	mu       sync.Mutex
	channels map[string]bool
	users    map[string]bool // everyone who typed a line, or was named in Options.Users
	current  string
	stamp    time.Time      // the time of the last timestamped line; zero: none yet
	last     time.Time      // the time of the last line carried out; zero: none yet
	messages []message      // every message typed or posted in this run, in order
	byID     map[string]int // index in messages by id
	ids      IDs
	next     uint64 // the number of the next message id; 0: reserve more
	end      uint64 // the first number not reserved
	uploads  []string
}

// message is a message in the console, kept for edits, deletions and pins,
// and for what was said before a declaration (RecentMessages).
type message struct {
	id, channel, user, text string
	at                      time.Time
	self                    bool // the bot posted it
	file                    bool // a file shared; text is its name
	deleted                 bool
}

// IDs reserves numbers for message ids that are never handed out again,
// also after a restart: the store does it (store.DB.ReserveIDs), so that a
// message id of this run never repeats one already in the timeline, where
// the duplicate check would silently drop the new message.
type IDs interface {
	ReserveIDs(ctx context.Context, name string, n uint64) (first uint64, err error)
}

// idBlock is how many message ids the console reserves at a time; the rest
// of a block is skipped after a restart.
const idBlock = 1000

// idCounter is the counter console message ids are reserved from.
const idCounter = "console.messages"

// Options configure an Adapter.
type Options struct {
	// In is where Run reads lines from; nil means os.Stdin.
	In io.Reader
	// Out receives everything the bot says; nil means os.Stdout.
	Out io.Writer
	// Files is the folder uploaded files are written to; "" means the
	// current directory.
	Files string
	// Clock timestamps typed messages; nil means the wall clock. The
	// engine should share it. A line's timestamp sets it, if it has a
	// Set(time.Time) method, as bot.ReplayClock and bot.ManualClock do;
	// otherwise timestamped lines are refused.
	Clock bot.Clock
	// Wall is the real time, which a line's timestamp may not pass; nil
	// means the wall clock.
	Wall bot.Clock
	// Channel is the channel lines go to until one is named; "" means
	// "general".
	Channel string
	// Command is the slash command typed lines run and button hints show,
	// with its slash; "" means bot.DefaultCommand.
	Command string
	// Users are people the console knows before they type anything; it
	// also knows everyone who has typed a line. Only people it knows can
	// be given a role or an action item.
	Users []string
	// IDs reserves the numbers of message ids ("m1", "m2", ...); nil
	// numbers from m1 in every run, which only a store used once (the
	// demo) can take.
	IDs IDs
}

// New returns a console Adapter.
func New(o Options) *Adapter {
	if o.In == nil {
		o.In = os.Stdin
	}
	if o.Out == nil {
		o.Out = os.Stdout
	}
	if o.Clock == nil {
		o.Clock = bot.WallClock{}
	}
	if o.Wall == nil {
		o.Wall = bot.WallClock{}
	}
	if o.Channel == "" {
		o.Channel = "general"
	}
	if o.Command == "" {
		o.Command = bot.DefaultCommand
	}
	a := &Adapter{in: o.In, out: o.Out, files: o.Files, clock: o.Clock, wall: o.Wall, current: o.Channel, command: o.Command,
		channels: map[string]bool{o.Channel: true}, users: map[string]bool{}, byID: map[string]int{}, ids: o.IDs}
	for _, u := range o.Users {
		a.users[u] = true
	}
	return a
}

// CheckUser implements bot.UserChecker: the console knows the people who
// have typed a line and those named in Options.Users, and no one else.
func (a *Adapter) CheckUser(_ context.Context, user string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.users[user] {
		return fmt.Errorf("console: %s has typed nothing yet: %w", user, bot.ErrUnknownUser)
	}
	return nil
}

// Uploads returns the paths of the files uploaded so far.
func (a *Adapter) Uploads() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.uploads...)
}

// Current returns the channel lines go to by default.
func (a *Adapter) Current() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.current
}

func (a *Adapter) printf(format string, args ...any) {
	fmt.Fprintf(a.out, format+"\n", args...)
}

// CreateChannel implements bot.Chat. The new channel becomes the current one,
// as a person would follow the bot into the war room.
func (a *Adapter) CreateChannel(_ context.Context, name string) (bot.Channel, error) {
	a.mu.Lock()
	base, n := name, 1
	for a.channels[name] {
		n++
		name = fmt.Sprintf("%s-%d", base, n)
	}
	a.channels[name] = true
	a.current = name
	a.mu.Unlock()
	a.printf("*** channel #%s created", name)
	return bot.Channel{ID: name, Name: name}, nil
}

// Invite implements bot.Chat.
func (a *Adapter) Invite(_ context.Context, channel string, users []string) error {
	a.printf("*** #%s: invited %s", channel, strings.Join(users, ", "))
	return nil
}

// Post implements bot.Chat.
func (a *Adapter) Post(ctx context.Context, channel string, m bot.Message) (string, error) {
	id, err := a.remember(ctx, message{channel: channel, user: "warroom", text: m.Text, at: a.clock.Now(), self: true})
	if err != nil {
		return "", err
	}
	a.printf("[#%s] warroom (%s): %s", channel, id, indent(m.Text))
	if len(m.Buttons) > 0 {
		labels := make([]string, len(m.Buttons))
		for i, b := range m.Buttons {
			labels[i] = fmt.Sprintf("[%s: %s %s]", b.Label, a.command, b.Command)
		}
		a.printf("    %s", strings.Join(labels, " "))
	}
	if m.Pin {
		a.printf("*** #%s: message %s pinned", channel, id)
	}
	return id, nil
}

// PostPrivate implements bot.Chat.
func (a *Adapter) PostPrivate(_ context.Context, channel, user, text string) error {
	a.printf("[#%s] (only %s sees) warroom: %s", channel, user, indent(text))
	return nil
}

// Upload implements bot.Chat: the file is written to the files folder,
// which is created if it does not exist yet.
func (a *Adapter) Upload(_ context.Context, channel string, f bot.File) error {
	if a.files != "" {
		if err := os.MkdirAll(a.files, 0o755); err != nil {
			return fmt.Errorf("files folder for uploads: %w", err)
		}
	}
	path := filepath.Join(a.files, filepath.Base(f.Name))
	if err := os.WriteFile(path, f.Content, 0o644); err != nil {
		return fmt.Errorf("write upload %s: %w", path, err)
	}
	a.mu.Lock()
	a.uploads = append(a.uploads, path)
	a.mu.Unlock()
	a.printf("[#%s] warroom: %s\n    📎 %s (%d bytes) -> %s", channel, indent(f.Comment), f.Name, len(f.Content), path)
	return nil
}

// SetTopic implements bot.Chat.
func (a *Adapter) SetTopic(_ context.Context, channel, topic string) error {
	a.printf("*** #%s topic: %s", channel, topic)
	return nil
}

// Mention implements bot.Chat.
func (a *Adapter) Mention(user string) string { return "@" + user }

// Quote implements bot.Chat. Nobody is pinged in a terminal, so text is
// shown as typed, less control characters.
func (a *Adapter) Quote(text string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, text)
}

// remember numbers m and keeps it, and returns its id, "m<n>", with a
// number never used before on the store (see IDs).
func (a *Adapter) remember(ctx context.Context, m message) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.next == a.end {
		first := uint64(len(a.messages)) + 1
		if a.ids != nil {
			var err error
			if first, err = a.ids.ReserveIDs(ctx, idCounter, idBlock); err != nil {
				return "", fmt.Errorf("console: number a message: %w", err)
			}
		}
		a.next, a.end = first, first+idBlock
	}
	id := fmt.Sprintf("m%d", a.next)
	a.next++
	a.byID[id] = len(a.messages)
	m.id = id
	a.messages = append(a.messages, m)
	return id, nil
}

// indent keeps multi-line posts readable under their prefix.
func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n    ") }
