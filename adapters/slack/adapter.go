// Package slack connects the incident engine to Slack over Socket Mode,
// using github.com/slack-go/slack and its socketmode package.
//
// The adapter is the engine's bot.Chat (channels, posts, files, topics) and
// bot.Namer (users.info, cached). Run reads the Socket Mode connection: it
// acknowledges slash commands and button presses at once and hands them to
// the engine, opens modals for the forms the engine asks for, returns form
// field errors in the submission's acknowledgement, and acknowledges channel
// events only once the engine has recorded them (bot.Handler.Ingest), so
// that Slack delivers again whatever was not stored; it keeps no queue of
// its own. After every (re)connection it asks the engine to catch up
// (bot.Handler.CatchUp), which reads back incident channels' history
// through the adapter's bot.History.
package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
	slackgo "github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/warroom-dev/warroom/bot"
)

// Defaults of Options.
const (
	DefaultAPIURL      = slackgo.APIURL
	DefaultCommand     = bot.DefaultCommand
	DefaultHTTPTimeout = 30 * time.Second
)

// Options configure an Adapter.
type Options struct {
	// AppToken is the app-level token (xapp-...) that opens Socket Mode
	// connections (SLACK_APP_TOKEN).
	AppToken string
	// BotToken is the bot token (xoxb-...) for the Web API (SLACK_BOT_TOKEN).
	BotToken string
	// APIURL is the Web API base URL, ending in "/" (SLACK_API_URL);
	// empty means Slack's own.
	APIURL string
	// Command is the slash command the adapter answers, "/incident" if empty.
	Command string
	// PrivateChannels makes incident channels private.
	PrivateChannels bool
	// HTTPTimeout bounds each Web API call; 0 means 30 s.
	HTTPTimeout time.Duration
	// PingInterval is how long the connection may go without a ping from
	// Slack before it is considered dead; 0 means slack-go's 30 s.
	PingInterval time.Duration
	// Log receives the adapter's logs. Tokens are never logged.
	Log zerolog.Logger
	// Observer is told about deliveries, their acknowledgements and Web
	// API calls, for metrics; nil means bot.NopObserver.
	Observer bot.Observer
	// AdminGroups are the user groups (S...) of WARROOM_ADMINS: the
	// adapter reports which of them a user is in as the request's groups,
	// read with usergroups.users.list (the usergroups:read scope).
	AdminGroups []string
	// GroupsTTL is how long a group's members are trusted; 0 means
	// DefaultGroupsTTL.
	GroupsTTL time.Duration
}

// Adapter is the Slack adapter. Its methods are safe for concurrent use.
type Adapter struct {
	api     *slackgo.Client
	sm      *socketmode.Client
	command string
	private bool
	log     zerolog.Logger
	obs     bot.Observer

	// botUser and botID identify the bot's own messages; set by Run.
	botUser atomic.Pointer[string]
	botID   atomic.Pointer[string]

	connected atomic.Bool
	running   atomic.Bool

	usersMu sync.Mutex
	users   map[string]string
	lookups map[string]chan struct{} // users.info calls under way, by user

	groupCache groupCache

	// order keeps each channel's posts in the order they were made.
	order bot.InOrder

	// sleep waits d or until ctx is done; tests may replace it.
	sleep func(ctx context.Context, d time.Duration) error
}

// New checks the options and returns an Adapter. It makes no network call;
// Run connects.
func New(o Options) (*Adapter, error) {
	switch {
	case o.AppToken == "":
		return nil, errors.New("SLACK_APP_TOKEN is not set: expected the Slack app-level token, xapp-...")
	case !strings.HasPrefix(o.AppToken, "xapp-"):
		return nil, fmt.Errorf("SLACK_APP_TOKEN must be the Slack app-level token, xapp-... (got a token starting with %q)", tokenPrefix(o.AppToken))
	case o.BotToken == "":
		return nil, errors.New("SLACK_BOT_TOKEN is not set: expected the Slack bot token, xoxb-...")
	case !strings.HasPrefix(o.BotToken, "xoxb-"):
		return nil, fmt.Errorf("SLACK_BOT_TOKEN must be the Slack bot token, xoxb-... (got a token starting with %q)", tokenPrefix(o.BotToken))
	}
	if o.APIURL == "" {
		o.APIURL = DefaultAPIURL
	}
	if !strings.HasSuffix(o.APIURL, "/") {
		return nil, fmt.Errorf("SLACK_API_URL must end in \"/\", like %s (got %q)", DefaultAPIURL, o.APIURL)
	}
	if o.Command == "" {
		o.Command = DefaultCommand
	}
	if !strings.HasPrefix(o.Command, "/") {
		o.Command = "/" + o.Command
	}
	if o.HTTPTimeout <= 0 {
		o.HTTPTimeout = DefaultHTTPTimeout
	}
	if o.Observer == nil {
		o.Observer = bot.NopObserver{}
	}
	if o.GroupsTTL <= 0 {
		o.GroupsTTL = DefaultGroupsTTL
	}
	api := slackgo.New(o.BotToken,
		slackgo.OptionAPIURL(o.APIURL),
		slackgo.OptionAppLevelToken(o.AppToken),
		slackgo.OptionHTTPClient(&http.Client{Timeout: o.HTTPTimeout}),
	)
	var smOpts []socketmode.Option
	if o.PingInterval > 0 {
		smOpts = append(smOpts, socketmode.OptionPingInterval(o.PingInterval))
	}
	a := &Adapter{
		api:     api,
		sm:      socketmode.New(api, smOpts...),
		command: o.Command,
		private: o.PrivateChannels,
		log:     o.Log.With().Str("adapter", "slack").Logger(),
		obs:     o.Observer,
		users:   map[string]string{},
		lookups: map[string]chan struct{}{},
		groupCache: groupCache{ids: slices.Clone(o.AdminGroups), ttl: o.GroupsTTL, now: time.Now,
			members: map[string]groupMembers{}},
		sleep: sleepCtx,
	}
	empty := ""
	a.botUser.Store(&empty)
	a.botID.Store(&empty)
	return a, nil
}

// tokenPrefix returns the type prefix of a token (up to its first dash)
// and never more, so that an error can name the kind of a wrong token
// without showing it.
func tokenPrefix(tok string) string {
	if i := strings.IndexByte(tok, '-'); i >= 0 && i <= 5 {
		return tok[:i+1]
	}
	if len(tok) > 4 {
		return tok[:4] + "..."
	}
	return "..."
}

// Connected reports whether the Socket Mode connection is up, for the
// health check.
func (a *Adapter) Connected() bool { return a.connected.Load() }

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
