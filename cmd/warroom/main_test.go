package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/warroom-dev/warroom/adapters/console"
)

func TestDemo(t *testing.T) {
	var out, errs bytes.Buffer
	if err := runMain(context.Background(), []string{"demo"}, nil, &out, &errs); err != nil {
		t.Fatalf("demo: %v\n%s", err, errs.String())
	}
	got := out.String()
	_, pm, ok := strings.Cut(got, "# Postmortem:")
	if !ok {
		t.Fatalf("demo printed no postmortem:\n%s", got)
	}
	for _, want := range []string{
		"Checkout errors in EU", "**Status:** Draft",
		"## Summary", "## Impact", "## Responders", "## Metrics", "## Timeline", "### Detection",
		"### Response and mitigation", "### Resolution", "## Status updates", "## Root cause analysis",
		"## Contributing factors", "## Corrective and preventive actions", "## Lessons learned", "blameless",
		"Incident Commander", "Comms Lead", "Tier 1 on-call", "Tier 2 on-call",
		"| Time to acknowledge | 11m 00s", "| Time to mitigate | 41m 00s", "| Time to resolve | 56m 00s",
		"**Impact phases**", "2. `09:52` – `10:21` (29m 00s): down:", "impact started (phase 1), 09:50:00",
		"error rate 12% on checkout-api, began right after deploy 4812 went out at 09:50 _(edited)_",
		"**dave**: _(message deleted at ",
		"📌 **bob**: **rollback complete, error rate falling: 3%, 1%, 0.2%** _(pinned by alice at ",
		"5. Why? no test or canary checks pool capacity",
		"| Alert on DB connection pool saturation above 80% | dave | P1 |",
	} {
		if !strings.Contains(pm, want) {
			t.Errorf("postmortem lacks %q", want)
		}
	}
	// Deleted text and replaced versions are not republished.
	for _, gone := range []string{"fat-fingered", "deploy 4811"} {
		if strings.Contains(pm, gone) {
			t.Errorf("postmortem shows %q, which was deleted or edited away", gone)
		}
	}
	// Every scripted message is in the postmortem, as it ended.
	var lines []string
	for _, l := range strings.Split(console.Demo, "\n") {
		if _, rest, ok := strings.Cut(l, "] "); ok && strings.HasPrefix(l, "[") {
			if strings.HasPrefix(rest, "#") {
				_, rest, _ = strings.Cut(rest, " ")
			}
			lines = append(lines, rest)
		}
	}
	if len(lines) < 40 {
		t.Fatalf("the demo has %d timestamped lines", len(lines))
	}
	for i, l := range lines {
		who, text, _ := strings.Cut(l, ": ")
		if strings.HasPrefix(text, "/") {
			continue
		}
		if i+1 < len(lines) {
			next := lines[i+1]
			if next == who+": /delete last" || strings.HasPrefix(next, who+": /edit last ") {
				continue
			}
		}
		if !strings.Contains(pm, text) {
			t.Errorf("postmortem lacks the message %q", text)
		}
	}
	if !strings.Contains(got, "Unknown severity \"P7\"") {
		t.Error("the mistyped command got no usage message")
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{nil, {"frobnicate"}, {"backup"}, {"export"}, {"export", "--id", "1", "--format", "pdf"}} {
		err := runMain(context.Background(), args, nil, &bytes.Buffer{}, &bytes.Buffer{})
		if _, ok := err.(usageError); !ok {
			t.Errorf("warroom %v: %v, want a usage error", args, err)
		}
	}
}

func TestBadConfigNamesSetting(t *testing.T) {
	t.Setenv("WARROOM_DEFAULT_SEV", "P9")
	t.Setenv("WARROOM_DB", t.TempDir()+"/x.db")
	err := runMain(context.Background(), []string{"run"}, strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "WARROOM_DEFAULT_SEV") {
		t.Errorf("run with a bad default severity: %v", err)
	}
}

func TestRunUnbuiltPlatform(t *testing.T) {
	t.Setenv("WARROOM_DB", t.TempDir()+"/x.db")
	t.Setenv("WARROOM_PLATFORM", "console")
	var out bytes.Buffer
	if err := runMain(context.Background(), []string{"run"}, strings.NewReader("alice: /incident list\n"), &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "No open incidents") {
		t.Errorf("console run did not answer:\n%s", out.String())
	}
}

// TestRunNeedsPlatform: run without a platform says how to choose one
// instead of serving the console on an empty stdin and exiting 0.
func TestRunNeedsPlatform(t *testing.T) {
	t.Setenv("WARROOM_DB", t.TempDir()+"/x.db")
	t.Setenv("WARROOM_PLATFORM", "")
	err := runMain(context.Background(), []string{"run"}, strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "set WARROOM_PLATFORM") {
		t.Errorf("run without a platform: %v, want an error saying to set WARROOM_PLATFORM", err)
	}
}

// TestMisspeltSetting: an unknown WARROOM_ variable stops start-up, named
// with the nearest setting; an unknown SLACK_ one is logged as a warning.
func TestMisspeltSetting(t *testing.T) {
	t.Setenv("WARROOM_DB", t.TempDir()+"/x.db")
	t.Setenv("WARROOM_PLATFOM", "slack")
	err := runMain(context.Background(), []string{"run"}, strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "WARROOM_PLATFOM is not a warroom setting; did you mean WARROOM_PLATFORM?") {
		t.Errorf("run with WARROOM_PLATFOM: %v", err)
	}

	t.Setenv("WARROOM_PLATFOM", "")
	t.Setenv("WARROOM_PLATFORM", "console")
	t.Setenv("SLACK_SIGNING_SECRET", "s3cr3t")
	var stderr bytes.Buffer
	if err := runMain(context.Background(), []string{"run"}, strings.NewReader(""), &bytes.Buffer{}, &stderr); err != nil {
		t.Fatal(err)
	}
	if log := stderr.String(); !strings.Contains(log, `"level":"warn"`) || !strings.Contains(log, "SLACK_SIGNING_SECRET is set but warroom does not read it") || strings.Contains(log, "s3cr3t") {
		t.Errorf("log lacks the warning (or shows the value):\n%s", log)
	}
}

// TestSubcommandHelp: every subcommand answers --help (and -h, and
// `warroom help NAME`) with its own usage on stdout, and no error.
func TestSubcommandHelp(t *testing.T) {
	for _, c := range subcommands {
		for _, args := range [][]string{{c.name, "--help"}, {c.name, "-h"}, {"help", c.name}} {
			var out bytes.Buffer
			if err := runMain(context.Background(), args, strings.NewReader(""), &out, &bytes.Buffer{}); err != nil {
				t.Errorf("warroom %v: %v", args, err)
				continue
			}
			if want := "Usage: warroom " + c.name; !strings.HasPrefix(out.String(), want) {
				t.Errorf("warroom %v printed\n%s\nwant it to start %q", args, out.String(), want)
			}
			if !strings.Contains(out.String(), strings.ToUpper(c.about[:1])+c.about[1:]) {
				t.Errorf("warroom %v does not say what %s does:\n%s", args, c.name, out.String())
			}
		}
	}
}
