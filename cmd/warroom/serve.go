package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/metrics"
	"github.com/warroom-dev/warroom/store"
)

// adapter is what every chat adapter is: the engine's bot.Chat, and a Run
// that serves the platform's events into a bot.Handler until ctx is done.
type adapter interface {
	bot.Chat
	Run(ctx context.Context, h bot.Handler) error
	// Connected reports whether the platform connection is up.
	Connected() bool
}

// platform is a chat adapter as the binary runs it.
type platform struct {
	name string
	a    adapter
	// clock is the engine's; nil means the wall clock.
	clock bot.Clock
}

// serve runs the engine on a platform: the reminder sweep, the control
// socket, the health and metrics listener if configured, and the platform's
// event loop, until ctx is done or the platform stops.
func serve(ctx context.Context, cfg *configT, db *store.DB, m *metrics.Metrics, p platform, log zerolog.Logger) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	clock := p.clock
	if clock == nil {
		clock = bot.WallClock{}
	}
	engine, indexed := newEngine(cfg, db, p.a, clock, log, m)
	defer indexed() // before the store closes
	if err := serveControl(ctx, db, log); err != nil {
		return err
	}
	if cfg.HTTPAddr != "" {
		checks := map[string]metrics.Check{
			"store": db.Check,
			"platform": func(context.Context) error {
				if !p.a.Connected() {
					return errors.New(p.name + " is not connected")
				}
				return nil
			},
		}
		if err := startHTTP(ctx, cfg.HTTPAddr, m.Handler(checks), log); err != nil {
			return err
		}
	}
	sweep := make(chan error, 1)
	go func() { sweep <- engine.Run(ctx, cfg.Sweep()) }()
	log.Info().Str("platform", p.name).Str("db", cfg.DB).Object("config", cfg).Msg("warroom started")
	err := p.a.Run(ctx, engine)
	cancel()
	<-sweep
	if err != nil {
		return fmt.Errorf("%s: %w", p.name, err)
	}
	log.Info().Msg("warroom stopped")
	return nil
}

// newMetrics returns metrics whose open-incident gauge and store error
// counter read the store.
func newMetrics(db *store.DB) *metrics.Metrics {
	m := metrics.New(func() float64 {
		incs, err := db.Incidents(context.Background(), true)
		if err != nil {
			return -1
		}
		return float64(len(incs))
	})
	m.StoreErrors(func() float64 { return float64(db.Failures()) })
	return m
}
