package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/warroom-dev/warroom/adapters/discord"
	slackadapter "github.com/warroom-dev/warroom/adapters/slack"
	"github.com/warroom-dev/warroom/config"
)

// configT is the config type, named short for signatures.
type configT = config.Config

// cmdRun connects to the configured platform and serves until a signal.
func cmdRun(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs, cfgPath := flags("run")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	if !cfg.IsSet("platform") {
		// Serving the console on a container's empty stdin exits 0 at once,
		// and the container restarts forever with nothing said.
		return errors.New("run needs a platform: set WARROOM_PLATFORM (platform in the config file) to slack or discord " +
			"(or console, which reads this terminal); `warroom console` drives the bot from a terminal")
	}
	switch cfg.Platform {
	case config.Console:
		return runConsole(ctx, cfg, ".", stdin, stdout, stderr)
	case config.Slack, config.Discord:
		return runPlatform(ctx, cfg, stderr)
	}
	return fmt.Errorf("WARROOM_PLATFORM (platform) %q: use console, slack or discord", cfg.Platform)
}

// runPlatform serves Slack or Discord.
func runPlatform(ctx context.Context, cfg *configT, stderr io.Writer) error {
	log := logger(cfg, stderr)
	db, err := openStore(cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	m := newMetrics(db)
	var p platform
	switch cfg.Platform {
	case config.Slack:
		a, err := slackadapter.New(slackadapter.Options{
			AppToken:        cfg.Slack.AppToken.Reveal(),
			BotToken:        cfg.Slack.BotToken.Reveal(),
			APIURL:          cfg.Slack.APIURL,
			Command:         cfg.Slack.Command,
			PrivateChannels: cfg.Slack.PrivateChannels,
			AdminGroups:     slackUserGroups(cfg.Admins),
			Log:             log.With().Str("platform", "slack").Logger(),
			Observer:        m,
		})
		if err != nil {
			return err
		}
		p = platform{name: "slack", a: a}
	case config.Discord:
		a, err := discord.New(discord.Options{
			BotToken:         cfg.Discord.BotToken.Reveal(),
			GuildID:          cfg.Discord.GuildID,
			AppID:            cfg.Discord.AppID,
			IncidentCategory: cfg.Discord.IncidentCategory,
			APIURL:           cfg.Discord.APIURL,
			Log:              log.With().Str("platform", "discord").Logger(),
			Observer:         m,
		})
		if err != nil {
			return err
		}
		p = platform{name: "discord", a: a}
	}
	return serve(ctx, cfg, db, m, p, log)
}

// slackUserGroups returns the Slack user group ids (S...) among the admins;
// the others are user ids.
func slackUserGroups(admins []string) []string {
	var gs []string
	for _, a := range admins {
		if strings.HasPrefix(a, "S") {
			gs = append(gs, a)
		}
	}
	return gs
}
