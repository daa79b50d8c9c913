package main

import (
	"context"
	"fmt"
	"io"

	"github.com/warroom-dev/warroom/adapters/console"
	"github.com/warroom-dev/warroom/bot"
)

// cmdConsole runs an interactive session in this terminal on the
// configured store, with reminders swept on the wall clock, or a replay
// of timestamped lines (warroom console < transcript), whose timestamps
// move the clock the console and the engine share.
func cmdConsole(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs, cfgPath := flags("console")
	files := fs.String("files", ".", "folder uploaded files (postmortems) are written to")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	return runConsole(ctx, cfg, *files, stdin, stdout, stderr)
}

// runConsole serves the console platform until stdin ends or a signal.
// The console and the engine share a replay clock: the wall clock until a
// line carries a timestamp, then the time of the last timestamp.
func runConsole(ctx context.Context, cfg *configT, files string, stdin io.Reader, stdout, stderr io.Writer) error {
	log := logger(cfg, stderr)
	db, err := openStore(cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	clock := bot.NewReplayClock(nil)
	con := console.New(console.Options{In: stdin, Out: stdout, Files: files, Clock: clock, Command: cfg.Command(), IDs: db})
	fmt.Fprintf(stdout, "warroom console on %s. Type /help for what you can type; Ctrl-D ends.\n", cfg.DB)
	return serve(ctx, cfg, db, newMetrics(db), platform{name: "console", a: con, clock: clock}, log)
}
