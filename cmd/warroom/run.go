package main

import (
	"context"
	"fmt"
	"io"

	"github.com/warroom-dev/warroom/config"
)

// configT is the config type, named short for signatures.
type configT = config.Config

// cmdRun connects to the configured platform and serves until a signal.
func cmdRun(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs, cfgPath := flags("run")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	switch cfg.Platform {
	case config.Console:
		return runConsole(ctx, cfg, ".", stdin, stdout, stderr)
	}
	return fmt.Errorf("platform %q is not built into this warroom yet; the platforms are: console (WARROOM_PLATFORM)", cfg.Platform)
}
