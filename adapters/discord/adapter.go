package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/bot"
)

// Intents are the gateway intents the adapter asks for: guilds, guild
// messages, message content (privileged: enable it in the Developer
// Portal) and guild message reactions. Guild members is not needed.
const Intents = discordgo.IntentGuilds | discordgo.IntentGuildMessages |
	discordgo.IntentMessageContent | discordgo.IntentGuildMessageReactions

// DefaultCategory is the category incident channels go in when Options
// names none.
const DefaultCategory = "Incidents"

// DefaultDeferAfter is how long a command may run before the adapter
// defers its interaction and answers with a follow-up instead.
const DefaultDeferAfter = 2 * time.Second

// Options configure an Adapter.
type Options struct {
	// BotToken is the bot's token (DISCORD_BOT_TOKEN), with or without the
	// "Bot " prefix. Required.
	BotToken string
	// GuildID is the server the bot works in (DISCORD_GUILD_ID). Required.
	GuildID string
	// AppID is the application id (DISCORD_APP_ID); empty means the one
	// READY reports.
	AppID string
	// IncidentCategory is the id or name of the category incident channels
	// are created in (DISCORD_INCIDENT_CATEGORY); a name that does not
	// exist is created. Empty means DefaultCategory.
	IncidentCategory string
	// APIURL repoints discordgo at another API (DISCORD_API_URL): see
	// setAPIURL (globals.go), which New calls, and whose effect is
	// process-global: discordgo keeps its endpoints in package variables.
	APIURL string
	// DeferAfter is how long a command may run before its interaction is
	// deferred; 0 means DefaultDeferAfter. Discord allows 3 s in all.
	DeferAfter time.Duration
	// Log receives the adapter's logs, with the fields the caller gave it
	// (the adapter adds no "platform" field). Tokens are never logged.
	Log zerolog.Logger
	// Clock tells the time channel edits are paced by (see edits.go); nil
	// means bot.WallClock.
	Clock bot.Clock
	// Observer is told about deliveries (gateway events and interactions),
	// their recording or answer, and every REST request, for metrics; nil
	// means bot.NopObserver.
	Observer bot.Observer

	// deferNow, set by tests, replaces the DeferAfter timer of every
	// interaction: a command is deferred when a value arrives on it, so a
	// test decides which answer is late instead of racing a timer.
	deferNow <-chan time.Time
}

// ErrDisallowedIntents is returned by Run when the gateway refuses the
// bot's intents (close code 4014).
var ErrDisallowedIntents = errors.New("the gateway refused the bot's intents (close code 4014): " +
	"enable the Message Content intent in the Discord Developer Portal " +
	"(Applications > your application > Bot > Privileged Gateway Intents) and start again")

// ErrAuthentication is returned by Run when the gateway refuses the token
// (close code 4004).
var ErrAuthentication = errors.New("the gateway refused the bot token (close code 4004): check DISCORD_BOT_TOKEN")

// Adapter is the Discord adapter: a bot.Chat and bot.Namer for the engine,
// and the gateway loop that feeds it (Run).
type Adapter struct {
	opts Options
	log  zerolog.Logger
	obs  bot.Observer
	s    *discordgo.Session

	connected atomic.Bool
	started   atomic.Bool // Run has connected, registered and found the category
	fatal     chan error
	dropped   chan struct{} // the gateway connection is gone: see reconnectLoop
	dial      *dialer

	// order keeps each channel's posts in the order they were made.
	order bot.InOrder

	// work counts what Run waits for before it returns: interactions
	// being answered, events handed to the engine and not yet recorded,
	// catch-ups.
	work sync.WaitGroup

	mu       sync.Mutex
	h        bot.Handler
	runCtx   context.Context
	appID    string
	botID    string
	category string
	names    map[string]string
	private  map[string]privateTarget // user+channel -> a recent interaction
	labels   map[bot.FormKind]map[string]string
	edits    *editor
	threads  threads // which channels are threads of which parent (threads.go)
}

// New returns an Adapter for opts. It does no I/O: Run connects.
func New(opts Options) (*Adapter, error) {
	token := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(opts.BotToken), "Bot "))
	switch {
	case token == "":
		return nil, errors.New("discord: the bot token (DISCORD_BOT_TOKEN) is required")
	case strings.TrimSpace(opts.GuildID) == "":
		return nil, errors.New("discord: the guild id (DISCORD_GUILD_ID) is required")
	case !isSnowflake(opts.GuildID):
		return nil, fmt.Errorf("discord: the guild id (DISCORD_GUILD_ID) %q is not a Discord id", opts.GuildID)
	case opts.AppID != "" && !isSnowflake(opts.AppID):
		return nil, fmt.Errorf("discord: the application id (DISCORD_APP_ID) %q is not a Discord id", opts.AppID)
	}
	if opts.APIURL != "" {
		if err := setAPIURL(opts.APIURL); err != nil {
			return nil, fmt.Errorf("discord: DISCORD_API_URL: %w", err)
		}
	}
	if opts.IncidentCategory == "" {
		opts.IncidentCategory = DefaultCategory
	}
	if opts.DeferAfter <= 0 {
		opts.DeferAfter = DefaultDeferAfter
	}
	if opts.Observer == nil {
		opts.Observer = bot.NopObserver{}
	}
	if opts.Clock == nil {
		opts.Clock = bot.WallClock{}
	}
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, fmt.Errorf("discord: new session: %w", err)
	}
	s.Identify.Intents = Intents
	s.StateEnabled = false
	s.SyncEvents = true              // events in gateway order; interactions are handed to goroutines
	s.ShouldReconnectOnError = false // reconnectLoop does: see reconnect.go
	s.LogLevel = discordgo.LogWarning
	// Keep enough idle connections for interactions answered in parallel:
	// the default two per host makes a burst open and close connections.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 32
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: observed{next: tr, obs: opts.Observer}}
	s.ShouldRetryOnRateLimit = true
	s.MaxRestRetries = 3
	d := newDialer()
	s.Dialer = d.websocket()

	a := &Adapter{
		opts:    opts,
		log:     opts.Log,
		obs:     opts.Observer,
		s:       s,
		fatal:   make(chan error, 1),
		dropped: make(chan struct{}, 1),
		dial:    d,
		appID:   opts.AppID,
		names:   map[string]string{},
		private: map[string]privateTarget{},
		labels:  map[bot.FormKind]map[string]string{},
		edits:   newEditor(s, opts.Log, opts.Clock.Now),
	}
	installLogHook()
	return a, nil
}

func isSnowflake(s string) bool {
	if len(s) == 0 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Connected reports whether the gateway session is up (READY or RESUMED
// seen and not disconnected since).
func (a *Adapter) Connected() bool { return a.connected.Load() }

// Run connects to the gateway, registers the /incident command, and feeds
// h until ctx is done (it then returns nil) or the gateway refuses the bot
// for good (ErrDisallowedIntents, ErrAuthentication). Run may be called
// once per Adapter. Its errors do not begin with the platform's name, as
// New's do: the program names the platform it was running.
//
// Run returns only once nothing it started runs any more: every
// interaction answered (or abandoned with ctx), every event it handed to
// the engine committed or failed, every catch-up stopped.
func (a *Adapter) Run(ctx context.Context, h bot.Handler) error {
	a.mu.Lock()
	if a.h != nil {
		a.mu.Unlock()
		return errors.New("Run called twice")
	}
	// What Run starts lives as long as Run: ctx, or until a fatal error.
	ctx, cancel := context.WithCancel(ctx)
	a.h, a.runCtx = h, ctx
	a.mu.Unlock()

	// Deferred first, so run last: after the gateway is closed and the
	// handlers removed, nothing adds work.
	defer a.work.Wait()
	defer cancel()
	watchFatal(a)
	defer unwatchFatal(a)
	remove := a.addHandlers()
	defer remove()

	// The topic editor runs until Run returns.
	ectx, stopEdits := context.WithCancel(ctx)
	defer stopEdits()
	a.work.Add(1)
	go func() {
		defer a.work.Done()
		a.edits.run(ectx)
	}()

	a.log.Info().Str("guild", a.opts.GuildID).Msg("connecting to the gateway")
	if err := a.open(); err != nil {
		return openError(err)
	}
	lctx, stopLoop := context.WithCancel(ctx)
	var loop sync.WaitGroup
	loop.Go(func() { a.reconnectLoop(lctx) })
	defer a.shutdown(func() {
		stopLoop()
		loop.Wait()
	})

	if err := a.registerCommands(ctx); err != nil {
		return err
	}
	if _, err := a.categoryID(ctx); err != nil {
		return err
	}
	a.started.Store(true)
	a.log.Info().Str("guild", a.opts.GuildID).Msg("discord adapter running")
	select {
	case <-ctx.Done():
		return nil
	case err := <-a.fatal:
		return err
	}
}

// closeWait bounds how long shutdown waits for the close frame to go out.
const closeWait = 2 * time.Second

// shutdown stops dialling and the reconnect loop, and closes the gateway
// connection. discordgo's Close sends the close frame, then sleeps a
// second before closing the connection, holding the session's lock:
// shutdown returns once the frame is written (the connection's next
// write), and leaves the rest to Close, in the background.
func (a *Adapter) shutdown(stopReconnecting func()) {
	a.dial.stop() // a reconnect in progress fails at once
	stopReconnecting()
	before := a.dial.writes()
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		a.s.Close() // it always returns nil
	}()
	a.dial.awaitWrite(before, closed, closeWait)
	a.connected.Store(false)
}

// openError explains why the first connection failed.
func openError(err error) error {
	if fatal := fatalCloseError(err); fatal != nil {
		return fatal
	}
	return fmt.Errorf("connect to the gateway: %w", err)
}

// registerCommands overwrites the guild's application commands with
// /incident. Bulk overwrite is idempotent: run at every start.
func (a *Adapter) registerCommands(ctx context.Context) error {
	app := a.application()
	if app == "" {
		return errors.New("no application id: set DISCORD_APP_ID")
	}
	cmds, err := a.s.ApplicationCommandBulkOverwrite(app, a.opts.GuildID, Commands(), call(ctx, "application_command_bulk_overwrite"))
	if err != nil {
		return fmt.Errorf("register /incident in guild %s: %w", a.opts.GuildID, err)
	}
	a.log.Info().Int("commands", len(cmds)).Msg("registered application commands")
	return nil
}

func (a *Adapter) application() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.appID
}

func (a *Adapter) handler() (bot.Handler, context.Context) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.h, a.runCtx
}

// categoryID returns the id of the incident category, finding it by id or
// name among the guild's channels, or creating it.
func (a *Adapter) categoryID(ctx context.Context) (string, error) {
	a.mu.Lock()
	id := a.category
	a.mu.Unlock()
	if id != "" {
		return id, nil
	}
	want := a.opts.IncidentCategory
	chans, err := a.s.GuildChannels(a.opts.GuildID, call(ctx, "guild_channels"))
	if err != nil {
		return "", fmt.Errorf("list channels of guild %s: %w", a.opts.GuildID, err)
	}
	for _, c := range chans {
		a.threads.learn(c)
		if c.Type == discordgo.ChannelTypeGuildCategory && (c.ID == want || strings.EqualFold(c.Name, want)) {
			id = c.ID
		}
	}
	if id == "" {
		if isSnowflake(want) {
			return "", fmt.Errorf("incident category (DISCORD_INCIDENT_CATEGORY) %s is no category of guild %s", want, a.opts.GuildID)
		}
		c, err := a.s.GuildChannelCreateComplex(a.opts.GuildID, discordgo.GuildChannelCreateData{
			Name: want, Type: discordgo.ChannelTypeGuildCategory,
		}, call(ctx, "guild_channel_create"))
		if err != nil {
			return "", fmt.Errorf("create category %q: %w", want, err)
		}
		a.log.Info().Str("category", c.ID).Str("name", want).Msg("created the incident category")
		id = c.ID
	}
	a.mu.Lock()
	if a.category == "" {
		a.category = id
	}
	id = a.category
	a.mu.Unlock()
	return id, nil
}
