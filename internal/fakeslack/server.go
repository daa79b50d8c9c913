// Package fakeslack is a fake Slack for tests and load benchmarks. It
// listens on 127.0.0.1 and speaks Slack's wire protocol: the Web API over
// HTTP (form and JSON calls, ok/error bodies, 429 with Retry-After) and the
// Socket Mode websocket (apps.connections.open, hello, ping frames,
// envelopes, acks by envelope_id, disconnect), so that the real slack-go
// client can be pointed at it with its API URL option.
//
// A test drives the fake from the user's side (SendMessage,
// SendSlashCommand, SendViewSubmission, ...), injects faults (RateLimit,
// Slow, Fail, Disconnect, DropConnection) and reads back what the bot did
// (Calls, History, Ephemerals, Files, Views).
package fakeslack

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Tokens and ids the fake answers to and reports.
const (
	BotToken  = "xoxb-fake-bot-token"
	AppToken  = "xapp-fake-app-token"
	TeamID    = "T0FAKE"
	AppID     = "A0FAKE"
	BotUserID = "U0BOT"
	BotID     = "B0BOT"
	BotName   = "warroom"
)

// Server is a fake Slack. Its methods are safe for concurrent use.
type Server struct {
	hs *httptest.Server

	mu        sync.Mutex
	changed   chan struct{} // closed and replaced on every state change
	clock     func() time.Time
	lastMicro int64
	seq       int

	users map[string]*User
	// usergroups are the workspace's user groups: id -> member ids.
	usergroups map[string][]string
	channels   map[string]*channel
	byName     map[string]string
	// ims maps a user to the bot's direct message channel with them.
	ims map[string]string

	calls       []Call
	faults      map[string]*fault
	latency     time.Duration
	triggers    map[string]bool // "trig:<id>" unused triggers, "resp:<path>" response URLs
	triggerUser map[string]string
	views       []*View
	files       map[string]*File
	fileOrder   []string
	ephemerals  []Ephemeral
	responses   []Response

	// Socket Mode.
	cur        *wsConn
	conns      []*wsConn
	envs       []*Envelope
	byEnvID    map[string]*Envelope
	connOpens  int
	pingEvery  time.Duration
	echoBot    bool
	closed     bool
	unknownAck int

	botToken, appToken string
}

// New starts a fake Slack on 127.0.0.1. Close it when done.
func New() *Server {
	s := &Server{
		changed:     make(chan struct{}),
		clock:       time.Now,
		users:       map[string]*User{},
		usergroups:  map[string][]string{},
		channels:    map[string]*channel{},
		byName:      map[string]string{},
		ims:         map[string]string{},
		faults:      map[string]*fault{},
		triggers:    map[string]bool{},
		triggerUser: map[string]string{},
		files:       map[string]*File{},
		byEnvID:     map[string]*Envelope{},
		pingEvery:   time.Second,
		echoBot:     true,
		botToken:    BotToken,
		appToken:    AppToken,
	}
	s.users[BotUserID] = &User{ID: BotUserID, Name: BotName, RealName: "Warroom", IsBot: true}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/", s.serveAPI)
	mux.HandleFunc("/link", s.serveSocket)
	mux.HandleFunc("/upload/", s.serveUpload)
	mux.HandleFunc("/response/", s.serveResponseURL)
	s.hs = httptest.NewServer(mux)
	return s
}

// URL returns the Web API URL, ending in "/api/": what slack-go's
// OptionAPIURL takes.
func (s *Server) URL() string { return s.hs.URL + "/api/" }

// Close closes every websocket and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	conns := append([]*wsConn(nil), s.conns...)
	s.cur = nil
	s.mu.Unlock()
	for _, c := range conns {
		c.close()
	}
	s.hs.Close()
}

// SetClock replaces the clock that message timestamps are made from (the
// wall clock by default). Timestamps stay strictly increasing whatever the
// clock says.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clock = now
}

// SetTokens sets the tokens the fake accepts, BotToken and AppToken by
// default: a test that checks a token never leaks runs the bot with tokens
// of its own.
func (s *Server) SetTokens(botToken, appToken string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.botToken, s.appToken = botToken, appToken
}

// SetPingInterval sets how often the fake sends websocket PING frames (one
// second by default). slack-go reconnects when none came for its own
// ping interval (30 s by default).
func (s *Server) SetPingInterval(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pingEvery = d
}

// SetEchoBotMessages sets whether messages the bot posts come back to it as
// message events, as Slack does (on by default).
func (s *Server) SetEchoBotMessages(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.echoBot = on
}

// User is a workspace member.
type User struct {
	ID       string
	Name     string
	RealName string
	IsBot    bool
	// Deleted is a deactivated account: users.info still answers for it,
	// with "deleted": true (https://api.slack.com/types/user).
	Deleted bool
}

// AddUserGroup adds a user group (an id like S0614TZR7) with its members,
// or replaces its members.
func (s *Server) AddUserGroup(id string, members ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.usergroups[id] = append([]string(nil), members...)
}

// DeactivateUser deactivates a member's account, as an admin does.
func (s *Server) DeactivateUser(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.users[id]; u != nil {
		u.Deleted = true
	}
}

// AddUser adds a workspace member that users.info and conversations.invite
// know.
func (s *Server) AddUser(id, name, realName string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[id] = &User{ID: id, Name: name, RealName: realName}
}

// Message is a message in a channel's history.
type Message struct {
	TS    string
	User  string
	BotID string
	// Username is the name a classic integration posts under (bot_message);
	// BotName the bot_profile name of another app's message.
	Username string
	BotName  string
	Text     string
	ThreadTS string
	Subtype  string
	Blocks   []byte // the blocks JSON the poster sent, if any
	Files    []FileRef
	Edited   string // ts of the last edit
	// ReplyCount and LatestReply describe a thread parent.
	ReplyCount  int
	LatestReply string
}

// FileRef is a file attached to a message.
type FileRef struct {
	ID        string
	Name      string
	Title     string
	Permalink string
}

// channel is a conversation and its history.
type channel struct {
	id      string
	name    string
	private bool
	im      string // the other member of a direct message channel; "" for a channel
	topic   string
	created int64
	creator string
	members []string
	pins    []string
	history []*Message            // top-level messages by ascending ts
	replies map[string][]*Message // thread replies by parent ts
	// archived: conversations.archive was called (see archive.go).
	archived bool
}

func (c *channel) isMember(user string) bool {
	for _, m := range c.members {
		if m == user {
			return true
		}
	}
	return false
}

func (c *channel) message(ts string) *Message {
	for _, m := range c.history {
		if m.TS == ts {
			return m
		}
	}
	for _, rs := range c.replies {
		for _, m := range rs {
			if m.TS == ts {
				return m
			}
		}
	}
	return nil
}

// ChannelInfo is a snapshot of a channel.
type ChannelInfo struct {
	ID      string
	Name    string
	Private bool
	// Topic is what people see: the text as set, markup and escapes
	// shown literally.
	Topic    string
	Archived bool
	Members  []string
	Pins     []string // ts of pinned messages
}

// AddChannel creates a public channel with the bot and members in it and
// returns its id.
func (s *Server) AddChannel(name string, members ...string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.newChannel(name, false, []string{BotUserID})
	for _, m := range members {
		if !c.isMember(m) {
			c.members = append(c.members, m)
		}
	}
	return c.id
}

func (s *Server) newChannel(name string, private bool, members []string) *channel {
	s.seq++
	c := &channel{
		id:      fmt.Sprintf("C%07d", s.seq),
		name:    name,
		private: private,
		created: s.clock().Unix(),
		members: members,
		replies: map[string][]*Message{},
	}
	s.channels[c.id] = c
	s.byName[name] = c.id
	s.notifyLocked()
	return c
}

// Channel returns a snapshot of a channel, and whether it exists.
func (s *Server) Channel(id string) (ChannelInfo, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[id]
	if c == nil {
		return ChannelInfo{}, false
	}
	return ChannelInfo{
		ID: c.id, Name: c.name, Private: c.private, Topic: c.topic, Archived: c.archived,
		Members: append([]string(nil), c.members...),
		Pins:    append([]string(nil), c.pins...),
	}, true
}

// ChannelByName returns a snapshot of the channel with that name.
func (s *Server) ChannelByName(name string) (ChannelInfo, bool) {
	s.mu.Lock()
	id, ok := s.byName[name]
	s.mu.Unlock()
	if !ok {
		return ChannelInfo{}, false
	}
	return s.Channel(id)
}

// Channels returns snapshots of every channel, by id.
func (s *Server) Channels() []ChannelInfo {
	s.mu.Lock()
	ids := make([]string, 0, len(s.channels))
	for id := range s.channels {
		ids = append(ids, id)
	}
	s.mu.Unlock()
	sort.Strings(ids)
	out := make([]ChannelInfo, 0, len(ids))
	for _, id := range ids {
		c, _ := s.Channel(id)
		out = append(out, c)
	}
	return out
}

// History returns copies of a channel's top-level messages, oldest first.
func (s *Server) History(channelID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[channelID]
	if c == nil {
		return nil
	}
	out := make([]Message, len(c.history))
	for i, m := range c.history {
		out[i] = *m
	}
	return out
}

// Replies returns copies of the replies in a thread, oldest first.
func (s *Server) Replies(channelID, threadTS string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[channelID]
	if c == nil {
		return nil
	}
	out := make([]Message, len(c.replies[threadTS]))
	for i, m := range c.replies[threadTS] {
		out[i] = *m
	}
	return out
}

// AddHistory adds a message to a channel's history without delivering an
// event for it: what people said while the bot was down. It returns the
// message ts.
func (s *Server) AddHistory(channelID, user, text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[channelID]
	if c == nil {
		return ""
	}
	m := &Message{TS: s.tsLocked(), User: user, Text: text}
	s.appendLocked(c, m)
	return m.TS
}

// AddIntegrationHistory adds a message an integration posted (see
// SendIntegrationMessage) without delivering an event for it, and returns
// its ts.
func (s *Server) AddIntegrationHistory(channelID, botID, username, text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[channelID]
	if c == nil {
		return ""
	}
	m := &Message{TS: s.tsLocked(), BotID: botID, Username: username, Subtype: "bot_message", Text: text}
	s.appendLocked(c, m)
	return m.TS
}

// AddHistoryReply adds a reply to the thread of threadTS without
// delivering an event for it, and returns its ts.
func (s *Server) AddHistoryReply(channelID, user, threadTS, text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[channelID]
	if c == nil {
		return ""
	}
	m := &Message{TS: s.tsLocked(), User: user, Text: text, ThreadTS: threadTS}
	s.appendLocked(c, m)
	return m.TS
}

// EditHistory changes the text of message ts without delivering an event
// for it, as an edit made while the bot was down: history then shows the
// new text and the edit's ts, which it returns ("" if there is no such
// message).
func (s *Server) EditHistory(channelID, ts, text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[channelID]
	if c == nil {
		return ""
	}
	m := c.message(ts)
	if m == nil {
		return ""
	}
	m.Text = text
	m.Edited = s.tsLocked()
	s.notifyLocked()
	return m.Edited
}

// appendLocked adds m to c's history or, for a reply, to its thread.
func (s *Server) appendLocked(c *channel, m *Message) {
	if m.ThreadTS != "" && m.ThreadTS != m.TS {
		c.replies[m.ThreadTS] = append(c.replies[m.ThreadTS], m)
		if p := c.message(m.ThreadTS); p != nil {
			p.ThreadTS = p.TS
			p.ReplyCount++
			p.LatestReply = m.TS
		}
	} else {
		c.history = append(c.history, m)
	}
	s.notifyLocked()
}

// tsLocked returns a new message timestamp, strictly after the last one.
func (s *Server) tsLocked() string {
	us := s.clock().UnixMicro()
	if us <= s.lastMicro {
		us = s.lastMicro + 1
	}
	s.lastMicro = us
	return FormatTS(us)
}

// FormatTS formats microseconds since the epoch as a Slack ts.
func FormatTS(us int64) string {
	return fmt.Sprintf("%d.%06d", us/1e6, us%1e6)
}

// ParseTS parses a Slack ts into microseconds since the epoch.
func ParseTS(ts string) (int64, bool) {
	sec, frac, _ := strings.Cut(ts, ".")
	s, err := strconv.ParseInt(sec, 10, 64)
	if err != nil || sec == "" {
		return 0, false
	}
	for len(frac) < 6 {
		frac += "0"
	}
	f, err := strconv.ParseInt(frac[:6], 10, 64)
	if err != nil {
		return 0, false
	}
	return s*1e6 + f, true
}

func (s *Server) nextIDLocked(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s%07d", prefix, s.seq)
}

// notifyLocked wakes everyone waiting for a change of state.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitFor waits until cond, called with s.mu held, is true.
func (s *Server) waitFor(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ok, ch := cond(), s.changed
		s.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Ephemeral is a chat.postEphemeral the bot made.
type Ephemeral struct {
	Channel string
	User    string
	Text    string
}

// Ephemerals returns every ephemeral message posted, in order.
func (s *Server) Ephemerals() []Ephemeral {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Ephemeral(nil), s.ephemerals...)
}

// Response is a message the bot posted to a slash command's or an
// interaction's response_url.
type Response struct {
	URL          string
	Text         string
	ResponseType string
}

// Responses returns every response_url post, in order.
func (s *Server) Responses() []Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Response(nil), s.responses...)
}

// File is an uploaded file.
type File struct {
	ID       string
	Name     string
	Title    string
	Length   int // the length announced to files.getUploadURLExternal
	Content  []byte
	Channel  string
	Comment  string
	Complete bool
}

// Files returns every file whose upload was completed, in order.
func (s *Server) Files() []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []File
	for _, id := range s.fileOrder {
		if f := s.files[id]; f.Complete {
			out = append(out, *f)
		}
	}
	return out
}

// WaitFiles waits until n uploads were completed.
func (s *Server) WaitFiles(ctx context.Context, n int) ([]File, error) {
	err := s.waitFor(ctx, func() bool {
		k := 0
		for _, f := range s.files {
			if f.Complete {
				k++
			}
		}
		return k >= n
	})
	return s.Files(), err
}

// WaitHistory waits until cond holds for a channel's history.
func (s *Server) WaitHistory(ctx context.Context, channelID string, cond func([]Message) bool) ([]Message, error) {
	var h []Message
	err := s.waitFor(ctx, func() bool {
		c := s.channels[channelID]
		if c == nil {
			return false
		}
		h = h[:0]
		for _, m := range c.history {
			h = append(h, *m)
		}
		return cond(h)
	})
	return h, err
}

// Wait waits until cond returns true. cond reads the fake through its
// exported methods; it is called after every change of state.
func (s *Server) Wait(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
