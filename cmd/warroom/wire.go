package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/commands"
	"github.com/warroom-dev/warroom/config"
	"github.com/warroom-dev/warroom/postmortem"
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
func newEngine(c *config.Config, db bot.Store, chat bot.Chat, clock bot.Clock, log zerolog.Logger, obs bot.Observer) *bot.Engine {
	return bot.New(bot.Options{
		Store:      db,
		Chat:       chat,
		Parser:     commands.Parser{Command: c.Command()}.Parse,
		Postmortem: postmortem.Write,
		Clock:      clock,
		Config:     c.Engine(),
		Log:        log,
		Observer:   obs,
	})
}

// errLocked reports whether err says the store is held by another process.
func errLocked(err error) bool { return errors.Is(err, store.ErrLocked) }
