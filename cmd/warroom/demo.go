package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/warroom-dev/warroom/adapters/console"
	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/config"
)

// cmdDemo plays the demo transcript through the real engine and a real
// store file, its timestamps setting the clock, then prints the
// postmortem draft; with --script it prints the transcript instead.
func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("demo") // the demo reads no config: it is the same everywhere
	keep := fs.String("keep", "", "keep the store and the postmortem in this folder")
	script := fs.Bool("script", false, "print the demo's transcript (warroom console < it replays the demo; copy it to write up an incident)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *script {
		_, err := io.WriteString(stdout, console.Demo)
		return err
	}
	dir := *keep
	if dir == "" {
		tmp, err := os.MkdirTemp("", "warroom-demo-")
		if err != nil {
			return fmt.Errorf("demo folder: %w", err)
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("demo folder %s: %w", dir, err)
	}

	cfg := config.Default()
	cfg.LogLevel = 3 // warn: the demo's own output is the point
	cfg.LogFormat = config.LogConsole
	db, err := openStore(filepath.Join(dir, "demo.db"))
	if err != nil {
		return err
	}
	defer db.Close()

	clock := bot.NewReplayClock(nil) // the transcript's first line sets it
	con := console.New(console.Options{Out: stdout, Files: dir, Clock: clock, Command: cfg.Command()})
	engine, indexed := newEngine(cfg, db, con, clock, logger(cfg, stderr), nil)
	indexed() // the demo's answers do not depend on how fast the index is built

	fmt.Fprintf(stdout, "warroom demo: a scripted P1 incident, played through the real engine and a bbolt store in %s\n\n", dir)
	if err := con.Play(ctx, engine, console.Demo); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	ups := con.Uploads()
	if len(ups) == 0 {
		return fmt.Errorf("demo: no postmortem was posted")
	}
	doc, err := os.ReadFile(ups[len(ups)-1])
	if err != nil {
		return fmt.Errorf("read postmortem: %w", err)
	}
	fmt.Fprintf(stdout, "\n==================== %s ====================\n\n%s", filepath.Base(ups[len(ups)-1]), doc)
	return nil
}
