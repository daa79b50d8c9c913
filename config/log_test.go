package config

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

func TestLogger(t *testing.T) {
	tests := []struct {
		format LogFormat
		level  zerolog.Level
	}{
		{LogJSON, zerolog.InfoLevel},
		{LogConsole, zerolog.WarnLevel},
	}
	for _, tc := range tests {
		c := Default()
		c.LogFormat, c.LogLevel = tc.format, tc.level
		var buf bytes.Buffer
		log := c.Logger(&buf)
		log.Debug().Msg("hidden")
		log.Warn().Str("k", "v").Msg("shown")
		out := buf.String()
		if strings.Contains(out, "hidden") || !strings.Contains(out, "shown") {
			t.Errorf("%s at %s wrote %q", tc.format, tc.level, out)
		}
		var line map[string]any
		isJSON := json.Unmarshal(buf.Bytes(), &line) == nil
		if isJSON != (tc.format == LogJSON) {
			t.Errorf("%s wrote %q", tc.format, out)
		}
		if isJSON && line["time"] == nil {
			t.Errorf("no time in %q", out)
		}
	}
}
