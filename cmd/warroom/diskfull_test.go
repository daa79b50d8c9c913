package main

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStoreFullDisk runs the console with a file size limit (ulimit -f), so
// that the store file cannot grow, as on a full disk: once appends fail,
// /readyz answers 503 naming the store, warroom_store_errors_total counts
// the failures, and each failed append is logged with its incident.
func TestStoreFullDisk(t *testing.T) {
	dir := t.TempDir()
	// 256 blocks: 128 KiB or 256 KiB as the shell counts them; the store
	// starts well below either and outgrows it after some hundred messages.
	cmd := exec.Command("sh", "-c", `ulimit -f 256 && exec "$0" console --files "$1"`, binary(t), filepath.Join(dir, "files"))
	cmd.Env = append(os.Environ(), "WARROOM_DB="+filepath.Join(dir, "full.db"), "WARROOM_PLATFORM=console",
		"WARROOM_LOG_LEVEL=info", "WARROOM_LOG_FORMAT=json", anyPort)
	stderr := &syncBuffer{} // a pipe: the size limit is on files only
	cmd.Stderr = stderr
	stdin, lines := startPiped(t, cmd)

	addr := listenAddr(t, drillCtx(t, 20*time.Second), stderr, nil)

	fmt.Fprintln(stdin, `alice: /incident declare "disk"`)
	waitFor(t, lines, "Declared INC-1")
	go func() { // until the console stops reading, at the end of the test
		pad := strings.Repeat(" padding", 40)
		for i := 0; ; i++ {
			if _, err := fmt.Fprintf(stdin, "#inc-1-disk bob: message %d%s\n", i, pad); err != nil {
				return
			}
		}
	}()
	waitFor(t, lines, "!!! ")

	get := func(path string) (int, string) { t.Helper(); return httpGet(t, addr, path) }
	if code, body := get("/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "store: ") || !strings.Contains(body, "cannot commit") {
		t.Errorf("/readyz with appends failing = %d %q, want 503 naming the store", code, body)
	}
	if _, body := get("/metrics"); !strings.Contains(body, "warroom_store_errors_total ") || strings.Contains(body, "warroom_store_errors_total 0\n") {
		t.Errorf("/metrics does not count the failures:\n%s", grepLines(body, "store_errors"))
	}
	if log := stderr.String(); !logged(log, `"message":"timeline append failed"`, `"incident":1`) {
		t.Errorf("no failed append logged with its incident:\n%s", lastLines(log, 5))
	}
}

// grepLines returns the lines of s that contain sub.
func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
