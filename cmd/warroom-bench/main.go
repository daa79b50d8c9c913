// Command warroom-bench is the load benchmark behind `make bench-e2e`. It
// runs the whole bot in-process, wired as `warroom run` wires it (the store
// file with fsync on, the engine, the command parser, the Slack adapter and
// the metrics), against the fake Slack (internal/fakeslack) over Socket
// Mode, and measures:
//
//   - a burst of message events into one incident channel, sent as fast as
//     acks come back with a bounded window in flight: messages/s end to end
//     and the ack latency;
//   - the same at a steady rate: the ack latency;
//   - slash commands a few in flight: the ack latency;
//   - the ceiling: as many bare timeline records written straight into a
//     new bbolt file with DB.Batch, same durability, same concurrency
//     (bboltCeiling), and the ratio of end to end to it;
//   - catching up after downtime: -missed messages (10,000) posted while
//     the bot is stopped, read back and committed when it starts again:
//     messages/s, beside the bbolt ceiling at the catch-up's batch size;
//   - the postmortem of an incident with 100,000 timeline entries, drafted
//     from the store: time and bytes allocated;
//   - the resident memory: idle after start-up, and at its peak.
//
// Each run is a process of its own, so that its memory figures are its own;
// with -runs 3 (the default) it prints every run and their medians. The fake
// lives in this program only: the warroom binary does not contain it.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"
)

// params are the benchmark's settings.
type params struct {
	Messages   int           // messages in the burst
	Window     int           // message envelopes in flight at most
	Rate       int           // messages/s of the paced run
	Paced      time.Duration // length of the paced run
	Commands   int           // slash commands
	Command    string        // their text, after /incident
	InFlight   int           // slash commands in flight at most
	Missed     int           // messages posted while the bot is down, for the catch-up
	Entries    int           // timeline entries of the postmortem incident
	Dir        string        // where the store files go ("" = a temporary directory)
	LogLevel   string        // the bot's log level; logs are discarded
	IdleSettle time.Duration // how long the bot idles before its RSS is read
	CPUProfile string        // where to write a CPU profile of the burst, if anywhere
}

func main() {
	var (
		p     params
		runs  int
		child bool
	)
	flag.IntVar(&p.Messages, "n", 5000, "message events in the burst")
	flag.IntVar(&p.Window, "window", 256, "message envelopes in flight at most (also the ceiling's writers)")
	flag.IntVar(&p.Rate, "rate", 1000, "messages per second in the paced run")
	flag.DurationVar(&p.Paced, "paced", 3*time.Second, "length of the paced run")
	flag.IntVar(&p.Commands, "commands", 300, "slash commands")
	flag.StringVar(&p.Command, "command", "timeline --last 5", "the slash commands' text after /incident (e.g. \"event deploy finished\")")
	flag.IntVar(&p.InFlight, "inflight", 10, "slash commands in flight at most")
	flag.IntVar(&p.Missed, "missed", 10_000, "messages posted while the bot is down, read back by catching up (0: no catch-up run)")
	flag.IntVar(&p.Entries, "entries", 100_000, "timeline entries of the incident whose postmortem is drafted")
	flag.StringVar(&p.Dir, "dir", "", "directory for the store files (default: a new temporary one, removed after)")
	flag.StringVar(&p.LogLevel, "log-level", "info", "the bot's log level (its logs are discarded)")
	flag.DurationVar(&p.IdleSettle, "idle", time.Second, "how long the bot idles after start-up before its RSS is read")
	flag.StringVar(&p.CPUProfile, "cpuprofile", "", "write a CPU profile of the burst to this file (with -runs 1)")
	flag.IntVar(&runs, "runs", 3, "runs, each in a process of its own; the medians are printed")
	flag.BoolVar(&child, "child", false, "run once in this process and print the result as JSON (used by the parent)")
	flag.Parse()

	var err error
	if child {
		err = runChild(p, os.Stdout)
	} else {
		err = runParent(runs, os.Stdout, os.Stderr)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "warroom-bench: %v\n", err)
		os.Exit(1)
	}
}
