package main

import (
	"context"
	"fmt"
	"io"

	"github.com/warroom-dev/warroom/adapters/console"
	"github.com/warroom-dev/warroom/bot"
)

// cmdConsole runs an interactive session in this terminal on the
// configured store, with reminders swept on the wall clock.
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
func runConsole(ctx context.Context, cfg *configT, files string, stdin io.Reader, stdout, stderr io.Writer) error {
	log := logger(cfg, stderr)
	db, err := openStore(cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	con := console.New(console.Options{Out: stdout, Files: files})
	engine := newEngine(cfg, db, con, bot.WallClock{}, log)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := serveControl(ctx, db, log); err != nil {
		return err
	}
	go engine.Run(ctx, cfg.Sweep())
	fmt.Fprintf(stdout, "warroom console on %s. Type /help for what you can type; Ctrl-D ends.\n", cfg.DB)
	return con.Run(ctx, engine, stdin)
}
