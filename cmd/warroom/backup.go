package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/postmortem"
)

// cmdBackup writes a consistent copy of the store to a file. If a running
// bot holds the store, it asks that bot over its control socket.
func cmdBackup(ctx context.Context, args []string, stdout io.Writer) error {
	fs, cfgPath := flags("backup")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"backup needs one argument: the file to write"}
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	out := fs.Arg(0)
	db, err := openStore(cfg.DB)
	if errLocked(err) {
		n, err := askBackup(ctx, cfg.DB, out)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "backup of %s written to %s by the running bot (%d bytes)\n", cfg.DB, out, n)
		return nil
	}
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.BackupFile(out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup of %s written to %s\n", cfg.DB, out)
	return nil
}

// cmdExport prints an incident's postmortem draft or its timeline.
func cmdExport(ctx context.Context, args []string, stdout io.Writer) error {
	fs, cfgPath := flags("export")
	id := fs.Int64("id", 0, "incident id")
	format := fs.String("format", "md", "md (postmortem draft) or json (timeline, one entry a line)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *id <= 0 {
		return usageError{"export needs --id N"}
	}
	if *format != "md" && *format != "json" {
		return usageError{fmt.Sprintf("--format %q: use md or json", *format)}
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	db, err := openStore(cfg.DB)
	if errLocked(err) {
		return fmt.Errorf("%w: export needs the store to itself; run `warroom backup copy.db` and export with WARROOM_DB=copy.db", err)
	}
	if err != nil {
		return err
	}
	defer db.Close()
	inc, err := db.Incident(ctx, *id)
	if err != nil {
		return fmt.Errorf("incident %d: %w", *id, err)
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		return db.Timeline(ctx, inc.ID, func(e *bot.Entry) error {
			if e.AuthorName == "" && e.Author != "" {
				e.AuthorName = inc.Names[e.Author] // the name the posted draft showed
			}
			return enc.Encode(e)
		})
	}
	// A closed incident's draft is as of its closing, as posted; the
	// platform and names are those the incident kept (the configured
	// platform only names incidents recorded before they were kept).
	drafted := inc.Milestones.Closed
	if inc.Open() || drafted.IsZero() {
		drafted = time.Now()
	}
	return postmortem.Write(stdout, bot.PostmortemData{
		Incident: inc,
		Timeline: func(fn func(*bot.Entry) error) error { return db.Timeline(ctx, inc.ID, fn) },
		Platform: cfg.Engine().Platform,
		Drafted:  drafted,
	})
}
