package discord

import (
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"
)

var endpointsMu sync.Mutex

// SetAPIURL points discordgo at another Discord API, such as a test fake or
// a proxy: apiURL is the REST base, e.g. "http://127.0.0.1:8080/api/v9/"
// (a URL with no /api/v path gets "api/v<version>/" added).
//
// discordgo computes its Endpoint* package variables once, from
// https://discord.com/, so SetAPIURL reassigns every one of them
// (EndpointAPI, EndpointGuilds, EndpointChannels, EndpointUsers,
// EndpointGateway, EndpointGatewayBot, EndpointWebhooks,
// EndpointApplications, EndpointGuildCreate, EndpointOAuth2 and the rest);
// the function-valued endpoints follow them. They are process-global: every
// discordgo session in the process uses the new URL, and tests that call
// SetAPIURL must not run in parallel.
func SetAPIURL(apiURL string) error {
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
