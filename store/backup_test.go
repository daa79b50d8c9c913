package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

func TestBackup(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	inc := fullIncident(t)
	if err := db.CreateIncident(ctx, inc); err != nil {
		t.Fatal(err)
	}
	appendConcurrently(t, db, 100, func(i int) *bot.Entry {
		return &bot.Entry{IncidentID: inc.ID, At: t0.Add(time.Duration(i) * time.Second), Kind: bot.EntryMessage,
			MessageID: fmt.Sprint("m", i), Key: fmt.Sprint("m", i), Text: fmt.Sprint(i)}
	})
	if err := db.SavePostmortem(ctx, inc.ID, []byte("# pm")); err != nil {
		t.Fatal(err)
	}
	want := timeline(t, db, inc.ID)

	// Appends keep going while the copies are taken.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			e := &bot.Entry{IncidentID: inc.ID + 1, At: t0, Kind: bot.EntryNote, Text: fmt.Sprint(i)}
			if _, err := db.Append(ctx, e); err != nil {
				t.Error(err)
				return
			}
		}
	})
	dir := t.TempDir()
	var buf bytes.Buffer
	n, err := db.Backup(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(buf.Len()) {
		t.Errorf("Backup returned %d bytes, wrote %d", n, buf.Len())
	}
	streamed := filepath.Join(dir, "streamed.db")
	if err := os.WriteFile(streamed, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "file.db")
	if err := db.BackupFile(file); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()

	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(leftovers) != 0 {
		t.Errorf("BackupFile left %v behind", leftovers)
	}
	for _, path := range []string{streamed, file} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			cp, err := Open(path, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer cp.Close()
			got, err := cp.Incident(ctx, inc.ID)
			if err != nil || !reflect.DeepEqual(got, inc) {
				t.Errorf("incident in backup = %+v, %v; want %+v", got, err, inc)
			}
			if es := timeline(t, cp, inc.ID); !reflect.DeepEqual(es, want) {
				t.Errorf("backup has %d timeline entries, want %d equal ones", len(es), len(want))
			}
			if pm, err := cp.Postmortem(ctx, inc.ID); err != nil || string(pm) != "# pm" {
				t.Errorf("postmortem in backup = %q, %v", pm, err)
			}
			if e, err := cp.LastMessage(ctx, inc.ID); err != nil || e.Text != "99" {
				t.Errorf("last message in backup = %+v, %v", e, err)
			}
		})
	}
}

func TestBackupFileError(t *testing.T) {
	db := openTest(t)
	if err := db.BackupFile(filepath.Join(t.TempDir(), "missing", "b.db")); err == nil {
		t.Error("BackupFile into a missing directory succeeded")
	}
}

// TestBackupFileRefusesStore: a target that is the store's own file, by
// whatever name, is refused, and the store stays whole and writable.
func TestBackupFileRefusesStore(t *testing.T) {
	tests := []struct {
		name   string
		target func(t *testing.T, dir, store string) string // dir is the working directory
	}{
		{"same path", func(t *testing.T, dir, store string) string { return store }},
		{"relative path", func(t *testing.T, dir, store string) string { return "warroom.db" }},
		{"dot segments", func(t *testing.T, dir, store string) string { return "./sub/../warroom.db" }},
		{"symlink", func(t *testing.T, dir, store string) string {
			link := filepath.Join(dir, "link.db")
			if err := os.Symlink(store, link); err != nil {
				t.Skip(err)
			}
			return link
		}},
		{"symlinked directory", func(t *testing.T, dir, store string) string {
			link := filepath.Join(t.TempDir(), "d")
			if err := os.Symlink(dir, link); err != nil {
				t.Skip(err)
			}
			return filepath.Join(link, "warroom.db")
		}},
		{"hard link", func(t *testing.T, dir, store string) string {
			link := filepath.Join(dir, "hard.db")
			if err := os.Link(store, link); err != nil {
				t.Skip(err)
			}
			return link
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			if err := os.Mkdir("sub", 0o700); err != nil {
				t.Fatal(err)
			}
			store := filepath.Join(dir, "warroom.db")
			db, err := Open(store, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			appendAll(t, db, &bot.Entry{IncidentID: 1, At: t0, Kind: bot.EntryNote, Text: "before"})
			target := tt.target(t, dir, store)
			err = db.BackupFile(target)
			if !errors.Is(err, ErrBackupIsStore) {
				t.Fatalf("BackupFile(%s) = %v, want an error matching ErrBackupIsStore", target, err)
			}
			if !strings.Contains(err.Error(), target) {
				t.Errorf("error %q does not name the target %s", err, target)
			}
			if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(leftovers) != 0 {
				t.Errorf("BackupFile left %v behind", leftovers)
			}
			// The store is still the file at its path, and writable.
			appendAll(t, db, &bot.Entry{IncidentID: 1, At: t0, Kind: bot.EntryNote, Text: "after"})
			db.Close()
			if db, err = Open(store, nil); err != nil {
				t.Fatal(err)
			}
			if got := timeline(t, db, 1); len(got) != 2 || got[1].Text != "after" {
				t.Errorf("store after the refused backup holds %+v, want both entries", got)
			}
		})
	}
	t.Run("another file is fine", func(t *testing.T) {
		db := openTest(t)
		other := filepath.Join(t.TempDir(), "other.db")
		if err := os.WriteFile(other, []byte("old backup"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := db.BackupFile(other); err != nil {
			t.Errorf("BackupFile over an older backup: %v", err)
		}
	})
}
