package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/internal/fakeslack"
	"github.com/warroom-dev/warroom/store"
)

// The drills in slack_*_test.go run the real warroom binary (`warroom run`
// with WARROOM_PLATFORM=slack) against a fake Slack in the test process.

// slackUsers are the people of the drills' workspace.
var slackUsers = []struct{ id, name, real string }{
	{"U1", "alice", "Alice Archer"}, {"U2", "bob", "Bob Baker"}, {"U3", "carol", "Carol Cole"},
	{"U4", "dan", "Dan Dale"}, {"U5", "erin", "Erin East"},
}

// slackWorkspace is a fake Slack with the drills' people and #ops.
type slackWorkspace struct {
	*fakeslack.Server
	ops string
	// botToken and appToken are what the bot is started with.
	botToken, appToken string
}

func newSlackWorkspace(t testing.TB) *slackWorkspace {
	t.Helper()
	s := fakeslack.New()
	t.Cleanup(s.Close)
	s.SetPingInterval(200 * time.Millisecond)
	ids := make([]string, len(slackUsers))
	for i, u := range slackUsers {
		s.AddUser(u.id, u.name, u.real)
		ids[i] = u.id
	}
	return &slackWorkspace{Server: s, ops: s.AddChannel("ops", ids...), botToken: fakeslack.BotToken, appToken: fakeslack.AppToken}
}

// botProcess is a running `warroom run` process, on Slack or Discord.
type botProcess struct {
	cmd    *exec.Cmd
	stderr *syncBuffer
	done   chan struct{}
	err    error // the exit status, once done is closed
}

// syncBuffer is a bytes.Buffer safe for a writer and readers at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// slackEnv is the environment of `warroom run` against the workspace, on
// the store file db, with extra settings (KEY=value) last.
func (w *slackWorkspace) slackEnv(db string, extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "WARROOM_") && !strings.HasPrefix(kv, "SLACK_") {
			env = append(env, kv)
		}
	}
	env = append(env,
		"WARROOM_PLATFORM=slack", "WARROOM_DB="+db, "WARROOM_LOG_FORMAT=json", "WARROOM_LOG_LEVEL=info",
		"SLACK_APP_TOKEN="+w.appToken, "SLACK_BOT_TOKEN="+w.botToken, "SLACK_API_URL="+w.URL(),
	)
	return append(env, extra...)
}

// startBot starts `warroom run` on db and waits until it has connected
// (one connection more than the fake had before).
func (w *slackWorkspace) startBot(t testing.TB, ctx context.Context, db string, extra ...string) *botProcess {
	t.Helper()
	conns := w.Connections()
	b := w.spawnBot(t, db, extra...)
	wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	connected := make(chan error, 1)
	go func() { connected <- w.WaitConnected(wctx, conns+1) }()
	select {
	case err := <-connected:
		if err != nil {
			t.Fatalf("the bot did not connect: %v\n%s", err, b.stderr)
		}
	case <-b.done:
		t.Fatalf("the bot exited at start: %v\n%s", b.err, b.stderr)
	}
	return b
}

// spawnBot starts `warroom run` on db without waiting for anything.
func (w *slackWorkspace) spawnBot(t testing.TB, db string, extra ...string) *botProcess {
	t.Helper()
	return spawnRun(t, w.slackEnv(db, extra...))
}

// spawnRun starts `warroom run` with the environment env, killed when the
// test ends (its output logged if the test failed).
func spawnRun(t testing.TB, env []string) *botProcess {
	t.Helper()
	cmd := exec.Command(binary(t), "run")
	cmd.Env = env
	b := &botProcess{cmd: cmd, stderr: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = b.stderr, b.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		b.err = cmd.Wait()
		close(b.done)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-b.done
		if t.Failed() {
			t.Logf("warroom run (pid %d) said:\n%s", cmd.Process.Pid, lastLines(b.stderr.String(), 40))
		}
	})
	return b
}

// stop ends the bot with SIGTERM and waits for it to exit, cleanly.
func (b *botProcess) stop(t testing.TB) {
	t.Helper()
	if err := b.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-b.done:
		if b.err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", b.err, lastLines(b.stderr.String(), 20))
		}
	case <-time.After(15 * time.Second):
		t.Fatal("still running 15s after SIGTERM")
	}
}

// kill ends the bot with SIGKILL and waits for it to be gone.
func (b *botProcess) kill(t *testing.T) {
	t.Helper()
	if err := b.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-b.done
}

// waitLog waits until a line of the bot's output contains every one of
// parts.
func (b *botProcess) waitLog(t *testing.T, ctx context.Context, parts ...string) {
	t.Helper()
	for !b.said(parts...) {
		select {
		case <-ctx.Done():
			t.Fatalf("the bot never said %q", parts)
		case <-b.done:
			t.Fatalf("the bot exited (%v) before saying %q", b.err, parts)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// httpAddr waits until the bot says where its health and metrics listener
// listens (started with anyPort) and returns that address.
func (b *botProcess) httpAddr(t testing.TB, ctx context.Context) string {
	t.Helper()
	return listenAddr(t, ctx, b.stderr, b.done)
}

// said reports whether a line of the bot's output contains all of parts.
func (b *botProcess) said(parts ...string) bool {
	return logged(b.stderr.String(), parts...)
}

// logged reports whether a line of log contains every one of parts.
func logged(log string, parts ...string) bool {
	for _, l := range strings.Split(log, "\n") {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(l, p)
		}
		if all {
			return true
		}
	}
	return false
}

// command types /incident text as user in channel and returns the bot's
// private answer.
func (w *slackWorkspace) command(t testing.TB, ctx context.Context, channel, user, text string) string {
	t.Helper()
	before := len(w.Ephemerals())
	if _, err := w.SendSlashCommand(channel, user, text).Wait(ctx); err != nil {
		t.Fatalf("/incident %s: not acked: %v", text, err)
	}
	if err := w.Wait(ctx, func() bool { return len(w.Ephemerals()) > before }); err != nil {
		t.Fatalf("/incident %s: no answer", text)
	}
	return w.Ephemerals()[before].Text
}

// declare declares an incident from #ops as U1 (its Incident Commander)
// and returns its channel.
func (w *slackWorkspace) declare(t testing.TB, ctx context.Context, title, sev string) fakeslack.ChannelInfo {
	t.Helper()
	answer := w.command(t, ctx, w.ops, "U1", fmt.Sprintf("declare %q --sev %s", title, sev))
	if !strings.HasPrefix(answer, "Declared INC-") {
		t.Fatalf("declare answered %q", answer)
	}
	var n int
	fmt.Sscanf(answer, "Declared INC-%d", &n)
	prefix := fmt.Sprintf("inc-%d-", n)
	for _, c := range w.Channels() {
		if strings.HasPrefix(c.Name, prefix) {
			return c
		}
	}
	t.Fatalf("no channel %s* among %+v", prefix, w.Channels())
	return fakeslack.ChannelInfo{}
}

// closeIncident closes the incident of channel as U1 (which resolves it
// too) and returns the postmortem uploaded into it.
func (w *slackWorkspace) closeIncident(t *testing.T, ctx context.Context, channel string) string {
	t.Helper()
	before := len(w.Files())
	if a := w.command(t, ctx, channel, "U1", "close"); !strings.Contains(a, "closed") {
		t.Fatalf("close answered %q", a)
	}
	files, err := w.WaitFiles(ctx, before+1)
	if err != nil {
		t.Fatal("no postmortem uploaded")
	}
	f := files[len(files)-1]
	if f.Channel != channel {
		t.Fatalf("postmortem uploaded to %s, want %s", f.Channel, channel)
	}
	return string(f.Content)
}

// storedMessages opens the store file (the bot must be stopped) and counts
// the message entries of incident id by their Slack ts, and their texts.
func storedMessages(t *testing.T, db string, id int64) (byTS map[string]int, texts map[string]int) {
	t.Helper()
	s, err := store.Open(db, &store.Options{Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	byTS, texts = map[string]int{}, map[string]int{}
	err = s.Timeline(context.Background(), id, func(e *bot.Entry) error {
		if e.Kind == bot.EntryMessage {
			byTS[e.MessageID]++
			texts[e.Text]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return byTS, texts
}

// drillCtx is a context for one drill: it ends with the test, or after d.
func drillCtx(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
