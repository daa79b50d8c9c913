// Command warroom is the ChatOps incident war-room bot. main only wires:
// it reads the config, opens the store, picks an adapter, starts the
// engine and waits for a signal.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// subcommands are the subcommands, as the usage text and each one's --help
// show them.
var subcommands = []struct{ name, args, about string }{
	{"run", "[--config FILE]", "connect to the platform in the config (WARROOM_PLATFORM) and serve"},
	{"demo", "[--keep DIR] [--script]", "play a scripted incident offline and print its postmortem"},
	{"console", "[--config FILE] [--files DIR]", "drive the bot from this terminal, or replay a transcript piped into it"},
	{"backup", "[--config FILE] FILE", "write a consistent copy of the store (works while the bot runs)"},
	{"export", "[--config FILE] --id N [--format md|json]", "print an incident's postmortem (md) or timeline (json)"},
	{"stats", "[--config FILE] [--format csv|json] [--since 90d] [--sev P0..P3]", "print incident trends for dashboards"},
	{"followups", "[--config FILE] [--format csv|json] [--all]", "print the action items not yet verified (--all: every one)"},
	{"health", "[--config FILE] [--addr HOST:PORT]", "ask the running bot's /readyz; exit 0 if it is ready"},
	{"version", "", "print the version"},
}

// usage is the text `warroom help` prints.
var usage = func() string {
	var b strings.Builder
	b.WriteString("warroom: an incident war-room bot for Slack and Discord.\n\nUsage:\n")
	for _, c := range subcommands {
		line := fmt.Sprintf("  warroom %-7s %s", c.name, c.args)
		if len(line) > 42 {
			fmt.Fprintf(&b, "%s\n%43s%s\n", line, "", c.about)
			continue
		}
		fmt.Fprintf(&b, "%-42s %s\n", line, c.about)
	}
	b.WriteString(`
Settings come from --config (YAML or TOML) and WARROOM_* environment
variables; see the README. warroom COMMAND --help shows one command.
`)
	return b.String()
}()

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := runMain(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(os.Stderr, "warroom: %v\n\n%s", err, usage)
			os.Exit(2)
		}
		fmt.Fprintf(os.Stderr, "warroom: %v\n", err)
		os.Exit(1)
	}
}

// usageError is a mistake in the command line itself.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// runMain runs one subcommand; a subcommand's --help prints its usage.
func runMain(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	err := runCommand(ctx, args, stdin, stdout, stderr)
	var h helpRequest
	if errors.As(err, &h) {
		fmt.Fprint(stdout, h.text)
		return nil
	}
	return err
}

// runCommand runs one subcommand.
func runCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"which command?"}
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "run":
		return cmdRun(ctx, args, stdin, stdout, stderr)
	case "demo":
		return cmdDemo(ctx, args, stdout, stderr)
	case "console":
		return cmdConsole(ctx, args, stdin, stdout, stderr)
	case "backup":
		return cmdBackup(ctx, args, stdout)
	case "export":
		return cmdExport(ctx, args, stdout)
	case "stats":
		return cmdStats(ctx, args, stdout)
	case "followups":
		return cmdFollowUps(ctx, args, stdout)
	case "health":
		return cmdHealth(ctx, args, stdout)
	case "version", "--version", "-v":
		if err := parseFlags(newFlags("version"), args); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "warroom %s\n", version)
		return nil
	case "help", "--help", "-h":
		if len(args) == 1 && args[0] != "help" {
			return runCommand(ctx, []string{args[0], "--help"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usageError{fmt.Sprintf("unknown command %q", cmd)}
}

// flags returns a FlagSet for a subcommand with the shared --config flag.
func flags(name string) (*flag.FlagSet, *string) {
	fs := newFlags(name)
	cfg := fs.String("config", "", "config file (YAML or TOML)")
	return fs, cfg
}

// newFlags returns a FlagSet for a subcommand that prints nothing itself.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("warroom "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// helpRequest is a subcommand's --help: its usage, for stdout.
type helpRequest struct{ text string }

func (h helpRequest) Error() string { return "help requested" }

// parseFlags parses args, turning flag errors into usage errors, and -h
// or --help into the subcommand's usage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return helpRequest{commandUsage(fs)}
	}
	if err != nil {
		return usageError{err.Error()}
	}
	return nil
}

// commandUsage is the usage of the subcommand fs parses: its synopsis,
// what it does and its flags.
func commandUsage(fs *flag.FlagSet) string {
	var b strings.Builder
	name := strings.TrimPrefix(fs.Name(), "warroom ")
	for _, c := range subcommands {
		if c.name == name {
			fmt.Fprintf(&b, "Usage: %s\n\n%s.\n", strings.TrimSpace("warroom "+c.name+" "+c.args), strings.ToUpper(c.about[:1])+c.about[1:])
		}
	}
	has := false
	fs.VisitAll(func(*flag.Flag) { has = true })
	if has {
		b.WriteString("\nFlags:\n")
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return b.String()
}
