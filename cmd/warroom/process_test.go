package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/store"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// binary builds the warroom binary once for the tests that need a real
// process.
func binary(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "warroom-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "warroom")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// startConsole starts `warroom console` on a store file and returns its stdin,
// a channel of its stdout lines, and the command.
func startConsole(t *testing.T, db string, env ...string) (io.WriteCloser, <-chan string, *exec.Cmd) {
	t.Helper()
	return spawnConsole(t, db, os.Stderr, env...)
}

// startConsoleHTTP starts `warroom console` on a store file with the
// health and metrics listener on a port the console picks, and returns its
// stdin, a channel of its stdout lines, and the listener's address.
func startConsoleHTTP(t *testing.T, db string, env ...string) (io.WriteCloser, <-chan string, string) {
	t.Helper()
	log := &syncBuffer{}
	env = append([]string{anyPort, "WARROOM_LOG_LEVEL=info", "WARROOM_LOG_FORMAT=json"}, env...)
	stdin, lines, _ := spawnConsole(t, db, log, env...)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("warroom console said:\n%s", lastLines(log.String(), 40))
		}
	})
	return stdin, lines, listenAddr(t, drillCtx(t, 20*time.Second), log, nil)
}

// spawnConsole starts `warroom console` on a store file, its log going to
// stderr, and returns its stdin, a channel of its stdout lines, and the
// command.
func spawnConsole(t *testing.T, db string, stderr io.Writer, env ...string) (io.WriteCloser, <-chan string, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(binary(t), "console", "--files", t.TempDir())
	cmd.Env = append(append(os.Environ(), "WARROOM_DB="+db, "WARROOM_PLATFORM=console", "WARROOM_LOG_LEVEL=warn"), env...)
	cmd.Stderr = stderr
	stdin, lines := startPiped(t, cmd)
	return stdin, lines, cmd
}

// startPiped starts cmd with pipes to its stdin and from its stdout, and
// returns the stdin and a channel of the stdout's lines; the process is
// killed when the test ends.
func startPiped(t *testing.T, cmd *exec.Cmd) (io.WriteCloser, <-chan string) {
	t.Helper()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := make(chan string, 1024)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	return stdin, lines
}

// httpGet gets path from the listener at addr and returns the status and
// the body.
func httpGet(t testing.TB, addr, path string) (int, string) {
	t.Helper()
	resp, err := http.Get("http://" + addr + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return resp.StatusCode, string(b)
}

// waitFor reads lines until one contains s.
func waitFor(t *testing.T, lines <-chan string, s string) {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("output ended before %q", s)
			}
			if strings.Contains(l, s) {
				return
			}
		case <-timeout:
			t.Fatalf("no %q within 20s", s)
		}
	}
}

// TestKillLosesNothing SIGKILLs a real warroom process while messages are
// being recorded, and checks that every message it reported as recorded
// (the console prints "(mN)" only after the append committed) is in the
// store afterwards.
func TestKillLosesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "crash.db")
	stdin, lines, cmd := startConsole(t, db)
	fmt.Fprintln(stdin, `alice: /incident declare "crash drill" --sev P1`)
	waitFor(t, lines, "Declared INC-1")

	go func() {
		for i := 0; i < 100000; i++ {
			if _, err := fmt.Fprintf(stdin, "bob: message %d\n", i); err != nil {
				return
			}
		}
	}()
	recorded := map[string]bool{}
	id := regexp.MustCompile(`^    \((m\d+)\)$`)
	for l := range lines {
		if m := id.FindStringSubmatch(l); m != nil {
			recorded[m[1]] = true
			if len(recorded) == 300 {
				if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	cmd.Wait()
	if len(recorded) < 300 {
		t.Fatalf("only %d messages recorded before the kill", len(recorded))
	}

	s, err := store.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stored := map[string]int{}
	if err := s.Timeline(context.Background(), 1, func(e *bot.Entry) error {
		if e.Kind == bot.EntryMessage {
			stored[e.MessageID]++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for m := range recorded {
		if stored[m] != 1 {
			t.Errorf("message %s was reported recorded but is stored %d times", m, stored[m])
		}
	}
	t.Logf("%d messages reported recorded before SIGKILL, %d in the store", len(recorded), len(stored))
}

// TestBackupWhileRunning backs up the store of a running bot, which holds
// the file lock, through its control socket, then exports from the copy.
func TestBackupWhileRunning(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "live.db")
	stdin, lines, _ := startConsole(t, db)
	fmt.Fprintln(stdin, `alice: /incident declare "backup drill"`)
	waitFor(t, lines, "Declared INC-1")
	fmt.Fprintln(stdin, "bob: still here")
	waitFor(t, lines, "(m")

	env := append(os.Environ(), "WARROOM_DB="+db, "WARROOM_PLATFORM=console")
	copyPath := filepath.Join(dir, "copy.db")
	backup := exec.Command(binary(t), "backup", copyPath)
	backup.Env = env
	out, err := backup.CombinedOutput()
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "by the running bot") {
		t.Errorf("backup did not go through the running bot: %s", out)
	}
	export := exec.Command(binary(t), "export", "--id", "1", "--format", "json")
	export.Env = append(os.Environ(), "WARROOM_DB="+copyPath, "WARROOM_PLATFORM=console")
	out, err = export.Output()
	if err != nil {
		t.Fatalf("export from the backup: %v", err)
	}
	found := false
	for _, l := range bytes.Split(bytes.TrimSpace(out), []byte("\n")) {
		var e bot.Entry
		if err := json.Unmarshal(l, &e); err != nil {
			t.Fatalf("export line %q: %v", l, err)
		}
		found = found || e.Text == "still here"
	}
	if !found {
		t.Errorf("the backup lacks the message:\n%s", out)
	}

	// A backup onto the live store's own file, named relatively, is
	// refused; the bot keeps its store (and its lock, checked below).
	self := exec.Command(binary(t), "backup", "live.db")
	self.Dir, self.Env = dir, env
	if out, err := self.CombinedOutput(); err == nil || !strings.Contains(string(out), "is the store") {
		t.Errorf("backup onto the live store: %v\n%s", err, out)
	}
	fmt.Fprintln(stdin, "bob: after the refused backup")
	waitFor(t, lines, "(m")

	// Opening the live store directly is refused with a clear message.
	exp := exec.Command(binary(t), "export", "--id", "1")
	exp.Env = env
	out, _ = exp.CombinedOutput()
	if !strings.Contains(string(out), "is locked by another warroom process") {
		t.Errorf("export of a locked store: %s", out)
	}
}

// TestSIGTERMClosesStore stops a running bot with SIGTERM while it waits
// for input: it exits 0 and the store opens at once (the lock is released).
func TestSIGTERMClosesStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "term.db")
	stdin, lines, cmd := startConsole(t, db)
	fmt.Fprintln(stdin, `alice: /incident declare "term drill"`)
	waitFor(t, lines, "Declared INC-1")
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		for range lines {
		}
		done <- cmd.Wait()
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("still running 10s after SIGTERM")
	}
	s, err := store.Open(db, &store.Options{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("store after SIGTERM: %v", err)
	}
	defer s.Close()
	if _, err := s.Incident(context.Background(), 1); err != nil {
		t.Errorf("incident after SIGTERM: %v", err)
	}
}

// anyPort is the setting that has warroom listen for health and metrics on
// a loopback port it picks; listenAddr learns which. A port the test picked
// and freed could be taken by anything before warroom binds it.
const anyPort = "WARROOM_HTTP_ADDR=127.0.0.1:0"

// listenAddr waits until a process's JSON log says where its health and
// metrics listener listens, and returns that address. It fails the test
// if ctx ends or exited is closed first.
func listenAddr(t testing.TB, ctx context.Context, log *syncBuffer, exited <-chan struct{}) string {
	t.Helper()
	said := func() (string, bool) {
		t.Helper()
		for _, l := range strings.Split(log.String(), "\n") {
			if !strings.Contains(l, `"message":"health and metrics listening"`) {
				continue
			}
			var line struct {
				Addr string `json:"addr"`
			}
			if err := json.Unmarshal([]byte(l), &line); err != nil {
				t.Fatalf("listening line %q: %v", l, err)
			}
			host, port, err := net.SplitHostPort(line.Addr)
			if err != nil || host != "127.0.0.1" || port == "0" {
				t.Fatalf("listening on %q, want 127.0.0.1 and the port bound", line.Addr)
			}
			return line.Addr, true
		}
		return "", false
	}
	for {
		if addr, ok := said(); ok {
			return addr
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the process never said where it listens:\n%s", lastLines(log.String(), 20))
		case <-exited:
			// Its output is all in log once it has exited.
			if addr, ok := said(); ok {
				return addr
			}
			t.Fatalf("the process exited before saying where it listens:\n%s", lastLines(log.String(), 20))
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func TestHealthAndMetrics(t *testing.T) {
	stdin, lines, addr := startConsoleHTTP(t, filepath.Join(t.TempDir(), "m.db"))
	fmt.Fprintln(stdin, `alice: /incident declare "metrics drill" --sev P0`)
	waitFor(t, lines, "Declared INC-1")
	get := func(path string) (int, string) { t.Helper(); return httpGet(t, addr, path) }
	if code, _ := get("/healthz"); code != 200 {
		t.Errorf("/healthz = %d", code)
	}
	if code, body := get("/readyz"); code != 200 || !strings.Contains(body, "store: ok") {
		t.Errorf("/readyz = %d %q", code, body)
	}
	code, body := get("/metrics")
	for _, want := range []string{`warroom_open_incidents 1`, `warroom_timeline_appends_total{kind="declared"} 1`} {
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("/metrics (%d) lacks %s", code, want)
		}
	}
}
