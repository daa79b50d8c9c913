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
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const usage = `warroom: an incident war-room bot for Slack and Discord.

Usage:
  warroom run     [--config FILE]          connect to the platform in the config and serve
  warroom demo    [--keep DIR]             play a scripted incident offline and print its postmortem
  warroom console [--config FILE]          drive the bot from this terminal
  warroom backup  [--config FILE] FILE     write a consistent copy of the store (works while the bot runs)
  warroom export  [--config FILE] --id N [--format md|json]
                                           print an incident's postmortem (md) or timeline (json)
  warroom version                          print the version

Settings come from --config (YAML or TOML) and WARROOM_* environment
variables; see the README.
`

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

// runMain runs one subcommand.
func runMain(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
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
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "warroom %s\n", version)
		return nil
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usageError{fmt.Sprintf("unknown command %q", cmd)}
}

// flags returns a FlagSet for a subcommand with the shared --config flag.
func flags(name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("warroom "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg := fs.String("config", "", "config file (YAML or TOML)")
	return fs, cfg
}

// parseFlags parses args, turning flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	return nil
}
