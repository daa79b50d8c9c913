package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/adapters/console"
	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/config"
)

// TestCommandNameReachesEveryText renames the slash command the way an
// operator does (WARROOM_SLACK_COMMAND=/inc) and plays the demo, mistakes
// and help included, through the engine as the program wires it: every
// help text, usage error, reminder, button hint and postmortem hint names
// /inc, and none names /incident.
func TestCommandNameReachesEveryText(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{
		"WARROOM_PLATFORM": "slack", "WARROOM_SLACK_COMMAND": "/inc",
		"SLACK_APP_TOKEN": "xapp-1-A1-1-x", "SLACK_BOT_TOKEN": "xoxb-1-2-x",
	}
	cfg, err := config.Load("", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	db, err := openStore(filepath.Join(dir, "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out bytes.Buffer
	clock := bot.NewReplayClock(nil)
	con := console.New(console.Options{Out: &out, Files: dir, Clock: clock, Command: cfg.Command()})
	engine, indexed := newEngine(cfg, db, con, clock, zerolog.Nop(), nil)
	indexed()

	var script []string
	for _, l := range strings.Split(console.Demo, "\n") {
		script = append(script, strings.ReplaceAll(l, "/incident ", "/inc "))
		if strings.Contains(l, " declare ") { // in the incident's channel, before anything else
			for _, l := range []string{"help", "help declare", "help action", "frobnicate", "sev", "role ic", "action", "action add", "close now", "why", "update --next 2d x"} {
				script = append(script, "alice: /inc "+l)
			}
		}
	}
	script = append(script, "alice: /inc action list --id 99", "alice: /inc reopen")
	if err := con.Play(context.Background(), engine, strings.Join(script, "\n")); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, up := range con.Uploads() {
		b, err := os.ReadFile(up)
		if err != nil {
			t.Fatal(err)
		}
		got += string(b)
	}
	if n := strings.Count(got, "/incident"); n > 0 {
		for _, l := range strings.Split(got, "\n") {
			if strings.Contains(l, "/incident") {
				t.Errorf("names /incident: %s", l)
			}
		}
	}
	for _, want := range []string{
		"Usage: /inc <subcommand>",               // help
		"Type /inc help <subcommand>",            // help
		"Usage: /inc declare [title]",            // help declare
		"Usage: /inc action add",                 // a group's help
		"/inc help lists the subcommands",        // unknown subcommand
		"Usage: /inc sev <P0..P3>",               // usage error
		"/inc help lists the commands",           // the intro
		"`/inc role ",                            // an unassigned role in the intro
		"[Acknowledge: /inc ack]",                // a button hint
		"`/inc update --status <status>",         // a reminder
		"There is no incident INC-99. /inc list", // a refusal
		"/inc reopen",                            // a conflict or the reopen hint
	} {
		if !strings.Contains(got, want) {
			t.Errorf("nothing says %q", want)
		}
	}
}
