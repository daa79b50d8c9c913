package fakediscord

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Options configure a Fake. The zero value works.
type Options struct {
	// Token is the bot token clients must send ("Bot <Token>"). Default
	// "fake-token".
	Token string
	// Now is the fake's clock, for message timestamps and snowflakes.
	// Default time.Now.
	Now func() time.Time
	// HeartbeatInterval is sent in HELLO. Default 41.25 s, as Discord.
	HeartbeatInterval time.Duration
	// InteractionWindow is how long an interaction may go unanswered
	// before its callback is refused with "Unknown interaction". Default 3 s.
	InteractionWindow time.Duration
}

// Fake is a fake Discord. Create one with Start; it is safe for concurrent
// use.
type Fake struct {
	opts     Options
	ln       net.Listener
	srv      *http.Server
	url      string
	wsURL    string
	upgrader websocket.Upgrader

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every change
	ids     snowflakes

	guildID string
	appID   string
	bot     *User

	users    map[string]*User
	members  map[string]*Member
	channels []*Channel
	threads  []*Channel            // thread channels, which are not the guild's channels (see threads.go)
	history  map[string][]*Message // channel id -> messages by ascending id
	// dms maps a user id to the bot's DM channel with them; closedDMs
	// are the users who do not accept DMs from the bot.
	dms       map[string]*DMChannel
	closedDMs map[string]bool

	commands    []*Command
	commandPUTs int

	interactions map[string]*Interaction
	followups    []*Followup

	limits   map[string]int // route -> number of calls still to refuse with 429
	requests []Request
	renames  map[string][]time.Time // channel id -> times of its name or topic edits (see edits.go)
	botPerms int64                  // see permissions.go

	// gateway
	conns        map[*gwConn]bool
	conn         *gwConn // the connection dispatches go to, if any
	session      string
	sessions     int
	seq          int64
	log          []frame // every dispatch of the current session
	identifies   []Identify
	resumes      []Resume
	refuseCode   int
	refuseLeft   int
	reconnects   int // RESUMEDs still to follow at once with op 7
	drops        int // connections the client closed unasked
	dialsLeft    int // gateway connections still to refuse, < 0 for all
	dialsRefused int
	silentLeft   int // gateway connections still to leave without HELLO, < 0 for all
	silenced     int
	closeCodes   []int // of the client's close frames
	ownMessages  bool
}

// Request is a recorded REST call.
type Request struct {
	Method string
	Path   string
	Route  string // the route pattern, e.g. RouteCreateMessage
	Status int
	At     time.Time
}

// Start starts a Fake on 127.0.0.1 on a free port.
func Start(o Options) (*Fake, error) {
	if o.Token == "" {
		o.Token = "fake-token"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.HeartbeatInterval == 0 {
		o.HeartbeatInterval = 41250 * time.Millisecond
	}
	if o.InteractionWindow == 0 {
		o.InteractionWindow = 3 * time.Second
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("fakediscord: listen: %w", err)
	}
	f := &Fake{
		opts:         o,
		ln:           ln,
		url:          "http://" + ln.Addr().String(),
		wsURL:        "ws://" + ln.Addr().String() + "/",
		changed:      make(chan struct{}),
		users:        map[string]*User{},
		members:      map[string]*Member{},
		history:      map[string][]*Message{},
		dms:          map[string]*DMChannel{},
		closedDMs:    map[string]bool{},
		interactions: map[string]*Interaction{},
		limits:       map[string]int{},
		renames:      map[string][]time.Time{},
		botPerms:     DefaultBotPermissions,
		conns:        map[*gwConn]bool{},
		ownMessages:  true,
	}
	f.upgrader.CheckOrigin = func(*http.Request) bool { return true }
	now := o.Now()
	f.guildID = f.ids.next(now)
	f.appID = f.ids.next(now)
	f.bot = &User{ID: f.appID, Username: "warroom", Discriminator: "0", Bot: true}
	f.users[f.bot.ID] = f.bot
	f.members[f.bot.ID] = &Member{User: f.bot, Roles: []string{}, JoinedAt: timestamp(now)}
	f.channels = append(f.channels, &Channel{ID: f.ids.next(now), Type: ChannelText, GuildID: f.guildID, Name: "general", PermissionOverwrites: []Overwrite{}})

	f.srv = &http.Server{Handler: f.routes(), ReadHeaderTimeout: 10 * time.Second}
	go f.srv.Serve(ln)
	return f, nil
}

// Close stops the server and drops every gateway connection.
func (f *Fake) Close() error {
	f.mu.Lock()
	for c := range f.conns {
		c.asked.Store(true)
		c.ws.UnderlyingConn().Close()
	}
	f.conn = nil
	f.mu.Unlock()
	return f.srv.Close()
}

// URL returns the API base URL to point clients at, e.g.
// "http://127.0.0.1:4242/api/v9/".
func (f *Fake) URL() string { return f.url + "/api/v9/" }

// BaseURL returns the server's root URL, e.g. "http://127.0.0.1:4242".
func (f *Fake) BaseURL() string { return f.url }

// Token returns the bot token the fake accepts.
func (f *Fake) Token() string { return f.opts.Token }

// GuildID returns the id of the fake's one guild.
func (f *Fake) GuildID() string { return f.guildID }

// AppID returns the application id, which is also the bot user's id.
func (f *Fake) AppID() string { return f.appID }

// BotUser returns the bot's user.
func (f *Fake) BotUser() User { return *f.bot }

// GeneralChannel returns the id of the #general channel every guild starts with.
func (f *Fake) GeneralChannel() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.channels[0].ID
}

// now returns the fake's time in UTC.
func (f *Fake) now() time.Time { return f.opts.Now().UTC() }

// notifyLocked wakes everyone waiting for a change. f.mu must be held.
func (f *Fake) notifyLocked() {
	close(f.changed)
	f.changed = make(chan struct{})
}

// Wait blocks until cond returns true or ctx is done. cond runs without
// the fake's lock held and may call any of its methods; it is called again
// after every change.
func (f *Fake) Wait(ctx context.Context, cond func() bool) error {
	for {
		f.mu.Lock()
		ch := f.changed
		f.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("fakediscord: wait: %w", ctx.Err())
		}
	}
}

// AddUser adds a guild member named name and returns it.
func (f *Fake) AddUser(name string) User {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	gn := name
	u := &User{ID: f.ids.next(now), Username: name, GlobalName: &gn, Discriminator: "0"}
	f.users[u.ID] = u
	f.members[u.ID] = &Member{User: u, Roles: []string{}, JoinedAt: timestamp(now)}
	f.notifyLocked()
	return *u
}

// AddRole creates a guild role and returns its id.
func (f *Fake) AddRole(name string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := f.ids.next(f.now())
	f.notifyLocked()
	return id
}

// GiveRole gives a member a role; interactions they make carry it in
// member.roles, as Discord's do
// (https://discord.com/developers/docs/resources/guild#guild-member-object).
func (f *Fake) GiveRole(userID, roleID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m := f.members[userID]; m != nil && !slices.Contains(m.Roles, roleID) {
		m.Roles = append(slices.Clone(m.Roles), roleID)
	}
	f.notifyLocked()
}

// RemoveMember removes a user from the guild, as leaving it does: the user
// still exists (GET /users/{id} finds them), but GET
// /guilds/{guild}/members/{id} answers 10007 Unknown Member.
func (f *Fake) RemoveMember(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.members, id)
	f.notifyLocked()
}

// AddChannel adds a channel as an administrator would, without telling
// the gateway, and returns its id.
func (f *Fake) AddChannel(name string, typ int, parentID string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.addChannelLocked(name, typ, parentID, "")
	return c.ID
}

func (f *Fake) addChannelLocked(name string, typ int, parentID, topic string) *Channel {
	c := &Channel{ID: f.ids.next(f.now()), Type: typ, GuildID: f.guildID, Name: name, Position: len(f.channels), PermissionOverwrites: []Overwrite{}}
	if parentID != "" {
		c.ParentID = &parentID
	}
	if topic != "" {
		c.Topic = &topic
	}
	f.channels = append(f.channels, c)
	f.notifyLocked()
	return c
}

// Channels returns a copy of every channel of the guild.
func (f *Fake) Channels() []Channel {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Channel, len(f.channels))
	for i, c := range f.channels {
		out[i] = *c
	}
	return out
}

// Channel returns a copy of a channel by id.
func (f *Fake) Channel(id string) (Channel, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if c := f.channelLocked(id); c != nil {
		return *c, true
	}
	return Channel{}, false
}

// channelLocked returns a guild channel or thread by id, or nil.
func (f *Fake) channelLocked(id string) *Channel {
	for _, c := range f.channels {
		if c.ID == id {
			return c
		}
	}
	for _, c := range f.threads {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// Messages returns copies of a channel's messages, oldest first.
func (f *Fake) Messages(channelID string) []Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	h := f.history[channelID]
	out := make([]Message, len(h))
	for i, m := range h {
		out[i] = *m
	}
	return out
}

// Message returns a copy of a message by channel and id.
func (f *Fake) Message(channelID, id string) (Message, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m := f.messageLocked(channelID, id); m != nil {
		return *m, true
	}
	return Message{}, false
}

func (f *Fake) messageLocked(channelID, id string) *Message {
	h := f.history[channelID]
	i := sort.Search(len(h), func(i int) bool { return !idLess(h[i].ID, id) })
	if i < len(h) && h[i].ID == id {
		return h[i]
	}
	return nil
}

// Commands returns the application commands last registered, and how many
// times they were registered.
func (f *Fake) Commands() ([]*Command, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.commands, f.commandPUTs
}

// Requests returns every REST call so far.
func (f *Fake) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.requests...)
}

// RateLimit makes the next n calls of route (a Route* constant) fail with
// 429 and retry_after 0.2 s, as Discord's per-route limits do.
func (f *Fake) RateLimit(route string, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.limits[route] += n
}
