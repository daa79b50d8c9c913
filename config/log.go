package config

import (
	"io"
	"time"

	"github.com/rs/zerolog"
)

// Logger returns a logger writing to w at the configured level and in the
// configured format, each line with its time.
func (c *Config) Logger(w io.Writer) zerolog.Logger {
	if c.LogFormat == LogConsole {
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: time.RFC3339}
	}
	return zerolog.New(w).Level(c.LogLevel).With().Timestamp().Logger()
}
