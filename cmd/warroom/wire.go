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
	// The similar-incident index logs from a goroutine of its own.
	log := c.Logger(zerolog.SyncWriter(w))
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

// newEngine builds the engine on a store and a chat adapter, and returns
// with it a func that waits until the similar-incident index is built and
// the incidents declared meanwhile are looked at again (Engine.Indexed):
// that happens in the background (newFinder); if the index cannot be made
// the engine runs without it.
func newEngine(c *config.Config, db bot.Store, chat bot.Chat, clock bot.Clock, log zerolog.Logger, obs bot.Observer) (*bot.Engine, func()) {
	var finder bot.Finder
	indexed := func() {}
	if idx, wait, err := newFinder(context.Background(), db, log); err != nil {
		log.Error().Err(err).Msg("similar incidents are off: the index could not be made")
	} else {
		finder, indexed = idx, wait
	}
	// Discord offers some subcommands only under a group (writeup cause):
	// the texts spell them so there.
	parser := commands.Parser{Command: c.Command(), Grouped: c.Platform == config.Discord}
	e := bot.New(bot.Options{
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
	// Incidents declared while the index was built are looked at again
	// once it is; the func returned waits for that too.
	done := make(chan struct{})
	go func() {
		defer close(done)
		indexed()
		e.Indexed(context.Background())
	}()
	return e, func() { <-done }
}

// errLocked reports whether err says the store is held by another process.
func errLocked(err error) bool { return errors.Is(err, store.ErrLocked) }

// newFinder returns the similar-incident index, which it fills from every
// stored incident in the background, and a func that waits for that to
// end: at 10,000 incidents it takes a second or two, which start-up does
// not wait for. Until then the index answers from what it has (and
// /incident similar says so); incidents changed meanwhile are indexed as
// they change.
func newFinder(ctx context.Context, db bot.Store, log zerolog.Logger) (*search.Index, func(), error) {
	idx, err := search.NewBuilding()
	if err != nil {
		return nil, nil, err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if n, took, err := buildIndex(ctx, idx, db); err != nil {
			log.Error().Err(err).Msg("similar-incident index: some past incidents are not indexed")
		} else {
			log.Info().Int("incidents", n).Dur("took", took).Msg("similar-incident index built")
		}
	}()
	return idx, func() { <-done }, nil
}

// buildIndex fills idx, made with search.NewBuilding, from every stored
// incident, and returns how many there were and how long it took. Even if
// they cannot be read the build ends, so that incidents put since are
// indexed.
func buildIndex(ctx context.Context, idx *search.Index, db bot.Store) (int, time.Duration, error) {
	start := time.Now()
	read := func(ctx context.Context) ([]*bot.Incident, error) { return db.Incidents(ctx, false) }
	if wr, ok := db.(bot.WordsReader); ok {
		read = wr.IncidentWords
	}
	incs, err := read(ctx)
	if err != nil {
		return 0, 0, errors.Join(fmt.Errorf("read incidents to index: %w", err), idx.Build(nil))
	}
	if err := idx.Build(incs); err != nil {
		return 0, 0, err
	}
	return len(incs), time.Since(start), nil
}
