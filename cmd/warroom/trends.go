package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/store"
)

// openForReport opens the store for a report command.
func openForReport(cfgPath, what string) (*store.DB, error) {
	cfg, err := loadConfig(cfgPath)
	if err != nil {
		return nil, err
	}
	db, err := openStore(cfg.DB)
	if errLocked(err) {
		return nil, fmt.Errorf("%w: %s needs the store to itself; run `warroom backup copy.db` and use WARROOM_DB=copy.db", err, what)
	}
	return db, err
}

// parseDays reads a period such as 90d, or a Go duration such as 2160h.
func parseDays(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		d, err := strconv.Atoi(n)
		if err != nil || d < 1 {
			return 0, fmt.Errorf("--since %q: use days like 90d", s)
		}
		return time.Duration(d) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 24*time.Hour {
		return 0, fmt.Errorf("--since %q: use days like 90d", s)
	}
	return d, nil
}

func cmdStats(ctx context.Context, args []string, stdout io.Writer) error {
	fs, cfgPath := flags("stats")
	format := fs.String("format", "csv", "csv or json")
	since := fs.String("since", "90d", "the period, ending now: 90d")
	sev := fs.String("sev", "", "only this severity: P0..P3")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "csv" && *format != "json" {
		return usageError{fmt.Sprintf("--format %q: use csv or json", *format)}
	}
	q := bot.StatsQuery{}
	d, err := parseDays(*since)
	if err != nil {
		return usageError{err.Error()}
	}
	q.Since = d
	if *sev != "" {
		s, err := bot.ParseSeverity(*sev)
		if err != nil {
			return usageError{"--sev: " + err.Error()}
		}
		q.Severity, q.SevSet = s, true
	}
	db, err := openForReport(*cfgPath, "stats")
	if err != nil {
		return err
	}
	defer db.Close()
	incs, err := db.TrendIncidents(ctx)
	if err != nil {
		return err
	}
	s := bot.ComputeStats(incs, q, time.Now().UTC())
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	return bot.WriteStatsCSV(stdout, s)
}

func cmdFollowUps(ctx context.Context, args []string, stdout io.Writer) error {
	fs, cfgPath := flags("followups")
	format := fs.String("format", "csv", "csv or json")
	all := fs.Bool("all", false, "include verified and dropped actions")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "csv" && *format != "json" {
		return usageError{fmt.Sprintf("--format %q: use csv or json", *format)}
	}
	db, err := openForReport(*cfgPath, "followups")
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.FollowUps(ctx, bot.FollowUpFilter{All: *all})
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	bot.SortFollowUps(list, now)
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		for _, f := range list {
			if err := enc.Encode(f); err != nil {
				return err
			}
		}
		return nil
	}
	return bot.WriteFollowUpsCSV(stdout, list, now)
}
