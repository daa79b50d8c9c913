package discord

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// This file is the one place where the adapter changes discordgo's
// package-global state. discordgo v0.29 has no per-session way to do
// either: its REST and gateway endpoints are package variables computed
// once from https://discord.com/ (endpoints.go in the module), and its
// logger is the package variable Logger (logging.go). Everything else is
// per Session (its HTTP client, dialer, intents, retry settings: see New).

var endpointsMu sync.Mutex

// setAPIURL points discordgo at another Discord API, such as a test fake or
// a proxy: apiURL is the REST base, e.g. "http://127.0.0.1:8080/api/v9/"
// (a URL with no /api/v path gets "api/v<version>/" added).
//
// discordgo computes its Endpoint* package variables once, from
// https://discord.com/, so setAPIURL reassigns every one of them
// (EndpointAPI, EndpointGuilds, EndpointChannels, EndpointUsers,
// EndpointGateway, EndpointGatewayBot, EndpointWebhooks,
// EndpointApplications, EndpointGuildCreate, EndpointOAuth2 and the rest);
// the function-valued endpoints follow them. They are process-global: every
// discordgo session in the process uses the new URL, and tests that call
// setAPIURL (through New) must not run in parallel.
func setAPIURL(apiURL string) error {
	u, err := url.Parse(apiURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("discord api url %q: want http(s)://host[:port][/api/v%s/]", apiURL, discordgo.APIVersion)
	}
	api := strings.TrimSuffix(u.String(), "/") + "/"
	if !strings.Contains(u.Path, "/api/v") {
		api += "api/v" + discordgo.APIVersion + "/"
	}
	root := u.Scheme + "://" + u.Host + "/"

	endpointsMu.Lock()
	defer endpointsMu.Unlock()
	discordgo.EndpointDiscord = root
	discordgo.EndpointAPI = api
	discordgo.EndpointGuilds = api + "guilds/"
	discordgo.EndpointChannels = api + "channels/"
	discordgo.EndpointUsers = api + "users/"
	discordgo.EndpointGateway = api + "gateway"
	discordgo.EndpointGatewayBot = discordgo.EndpointGateway + "/bot"
	discordgo.EndpointWebhooks = api + "webhooks/"
	discordgo.EndpointStickers = api + "stickers/"
	discordgo.EndpointStageInstances = api + "stage-instances"
	discordgo.EndpointSKUs = api + "skus"
	discordgo.EndpointVoice = api + "/voice/"
	discordgo.EndpointVoiceRegions = discordgo.EndpointVoice + "regions"
	discordgo.EndpointNitroStickersPacks = api + "/sticker-packs"
	discordgo.EndpointGuildCreate = api + "guilds"
	discordgo.EndpointApplications = api + "applications"
	discordgo.EndpointOAuth2 = api + "oauth2/"
	discordgo.EndpointOAuth2Applications = discordgo.EndpointOAuth2 + "applications"
	discordgo.EndpointOauth2 = discordgo.EndpointOAuth2
	discordgo.EndpointOauth2Applications = discordgo.EndpointOAuth2Applications
	return nil
}

// discordgo reports gateway failures after the first connection only to
// its logger (its reconnect loop retries forever, even when Discord has
// closed the connection for good), and its logger is one package variable.
// The adapter installs a logger that forwards discordgo's messages to the
// running adapters' zerolog loggers and stops Run on a fatal close code.
var hook struct {
	once     sync.Once
	mu       sync.Mutex
	adapters map[*Adapter]bool
}

func installLogHook() {
	hook.once.Do(func() {
		hook.adapters = map[*Adapter]bool{}
		discordgo.Logger = logHook
	})
}

func watchFatal(a *Adapter) {
	hook.mu.Lock()
	defer hook.mu.Unlock()
	hook.adapters[a] = true
}

func unwatchFatal(a *Adapter) {
	hook.mu.Lock()
	defer hook.mu.Unlock()
	delete(hook.adapters, a)
}

// logHook is discordgo.Logger. discordgo never passes the token to its
// logger at the levels the adapter enables (warnings and errors).
func logHook(level, _ int, format string, args ...any) {
	var fatal error
	leftover := false
	for _, arg := range args {
		if err, ok := arg.(error); ok {
			if f := fatalCloseError(err); f != nil {
				fatal = f
			}
			// A write on a connection discordgo has sent its close on:
			// the heartbeat goroutine of a connection already closed
			// (see reconnect.go); it finds no connection to close now.
			leftover = leftover || errors.Is(err, websocket.ErrCloseSent)
		}
	}
	msg := fmt.Sprintf(format, args...)
	hook.mu.Lock()
	defer hook.mu.Unlock()
	for a := range hook.adapters {
		ev := a.log.Warn()
		switch {
		case leftover:
			ev = a.log.Debug()
		case level == discordgo.LogError:
			ev = a.log.Error()
		}
		ev.Str("from", "discordgo").Msg(msg)
		if fatal != nil {
			select {
			case a.fatal <- fatal:
			default:
			}
		}
	}
}
