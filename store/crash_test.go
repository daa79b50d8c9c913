package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// crashChildEnv names the store the crash child writes to; the child test
// does nothing without it.
const crashChildEnv = "WARROOM_STORE_CRASH_CHILD"

// TestCrashLosesNothing runs a child process that appends from several
// goroutines and reports each entry on stdout once Append returned, kills
// it with SIGKILL mid-stream, and checks that every reported entry is in
// the store.
func TestCrashLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	path := filepath.Join(t.TempDir(), "warroom.db")
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}

	// Kill after killAfter reported entries, or a second after the first
	// if the machine is too slow to report that many.
	const killAfter = 500
	var (
		reported []string
		killed   bool
		deadline *time.Timer
	)
	defer func() {
		if deadline != nil {
			deadline.Stop()
		}
	}()
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		key, ok := strings.CutPrefix(sc.Text(), "committed ")
		if !ok {
			continue
		}
		reported = append(reported, key)
		if len(reported) == 1 {
			deadline = time.AfterFunc(time.Second, func() { cmd.Process.Kill() })
		}
		if len(reported) == killAfter && !killed {
			cmd.Process.Kill() // SIGKILL: no deferred code runs in the child
			killed = true
		}
	}
	err = cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.Success() || ee.ExitCode() != -1 {
		t.Fatalf("child did not die by a signal: %v", err)
	}
	if len(reported) == 0 {
		t.Fatal("child reported no committed entries before it was killed")
	}

	db, err := Open(path, nil)
	if err != nil {
		t.Fatalf("reopen after the crash: %v", err)
	}
	defer db.Close()
	stored := map[string]bool{}
	for _, e := range timeline(t, db, 1) {
		if stored[e.Key] {
			t.Errorf("entry %s stored twice", e.Key)
		}
		stored[e.Key] = true
	}
	missing := 0
	for _, k := range reported {
		if !stored[k] {
			missing++
			if missing <= 5 {
				t.Errorf("entry %s was reported committed but is not in the store", k)
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d reported entries are missing", missing, len(reported))
	}
	t.Logf("child reported %d entries committed; the store holds %d (some were in flight)", len(reported), len(stored))
}

// TestCrashChild is the child of TestCrashLosesNothing: it appends until it
// is killed, printing each key after its Append returned.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("run by TestCrashLosesNothing")
	}
	db, err := Open(path, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var mu sync.Mutex
	w := bufio.NewWriter(os.Stdout)
	const writers = 16
	var wg sync.WaitGroup
	for g := range writers {
		wg.Go(func() {
			for i := 0; ; i++ {
				key := fmt.Sprintf("w%d-%d", g, i)
				e := &bot.Entry{IncidentID: 1, At: time.Now(), Kind: bot.EntryMessage, MessageID: key, Key: key, Text: key}
				if _, err := db.Append(context.Background(), e); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(2)
				}
				mu.Lock()
				fmt.Fprintf(w, "committed %s\n", key)
				w.Flush()
				mu.Unlock()
			}
		})
	}
	wg.Wait() // never: the parent kills the process
}
