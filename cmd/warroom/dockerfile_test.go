package main

import (
	"os"
	"regexp"
	"testing"

	"github.com/warroom-dev/warroom/config"
)

// TestDockerfile keeps the image's health check and labels in place: the
// check runs this binary's health subcommand (the image has no shell), on
// the listener the image turns on.
func TestDockerfile(t *testing.T) {
	b, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	df := string(b)
	for _, re := range []string{
		`(?m)^HEALTHCHECK .*\\\n\s*CMD \["/usr/local/bin/warroom", "health"\]`,
		`(?m)^ENV WARROOM_HTTP_ADDR=\S+`,
		`org\.opencontainers\.image\.title=`,
		`org\.opencontainers\.image\.source=`,
		`org\.opencontainers\.image\.version="\$\{VERSION\}"`,
	} {
		if !regexp.MustCompile(re).MatchString(df) {
			t.Errorf("Dockerfile lacks %s", re)
		}
	}
	// The settings the image sets are known and valid.
	var environ []string
	for _, m := range regexp.MustCompile(`(?m)^ENV (WARROOM_\w+=\S+)`).FindAllStringSubmatch(df, -1) {
		environ = append(environ, m[1])
	}
	if len(environ) < 2 {
		t.Errorf("Dockerfile sets %q, want WARROOM_DB and WARROOM_HTTP_ADDR", environ)
	}
	if _, err := config.LoadEnviron("", environ); err != nil {
		t.Errorf("the Dockerfile's settings %q: %v", environ, err)
	}
}
