package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/chart"
	"github.com/warroom-dev/warroom/commands"
	"github.com/warroom-dev/warroom/config"
	"github.com/warroom-dev/warroom/postmortem"
	"github.com/warroom-dev/warroom/search"
	"github.com/warroom-dev/warroom/store"
)

// loadConfig reads the config file (if any) and the environment, whose
// WARROOM_* names it checks too.
func loadConfig(path string) (*config.Config, error) {
	c, err := config.LoadEnviron(path, os.Environ())
	if err != nil {
		return nil, fmt.Errorf("bad configuration:\n%w", err)
	}
	return c, nil
}

// logger builds the zerolog logger the config asks for, and logs the
// config's warnings with it.
func logger(c *config.Config, w io.Writer) zerolog.Logger {
	log := c.Logger(w)
	for _, msg := range c.Warnings {
		log.Warn().Msg(msg)
	}
	return log
}

// openStore opens the store file, with a clear message when another warroom
// process holds it.
func openStore(path string) (*store.DB, error) {
	db, err := store.Open(path, nil)
	if err != nil {
		return nil, err
	}
	return db, nil
}

// newEngine builds the engine on a store and a chat adapter.
// Similar incidents come from an in-memory index built from the store
// here; if it cannot be built the engine runs without it.
func newEngine(c *config.Config, db bot.Store, chat bot.Chat, clock bot.Clock, log zerolog.Logger, obs bot.Observer) *bot.Engine {
	var finder bot.Finder
	if idx, err := newFinder(context.Background(), db, log); err != nil {
		log.Error().Err(err).Msg("similar incidents are off: the index could not be built")
	} else {
		finder = idx
	}
	// Discord offers some subcommands only under a group (writeup cause):
	// the texts spell them so there.
	parser := commands.Parser{Command: c.Command(), Grouped: c.Platform == config.Discord}
	return bot.New(bot.Options{
		Store:      db,
		Chat:       chat,
		Parser:     parser.Parse,
		Spell:      parser.Spell,
		Postmortem: postmortem.Write,
		Finder:     finder,
		Charter:    chart.PNG{},
		Clock:      clock,
		Config:     c.Engine(),
		Log:        log,
		Observer:   obs,
	})
}

// errLocked reports whether err says the store is held by another process.
func errLocked(err error) bool { return errors.Is(err, store.ErrLocked) }

// newFinder builds the similar-incident index from every stored incident.
func newFinder(ctx context.Context, db bot.Store, log zerolog.Logger) (*search.Index, error) {
	start := time.Now()
	incs, err := db.Incidents(ctx, false)
	if err != nil {
		return nil, fmt.Errorf("read incidents to index: %w", err)
	}
	idx, err := search.New()
	if err != nil {
		return nil, err
	}
	if err := idx.Build(incs); err != nil {
		return nil, err
	}
	log.Info().Int("incidents", len(incs)).Dur("took", time.Since(start)).Msg("similar-incident index built")
	return idx, nil
}
