package store

import (
	"path/filepath"
	"testing"
)

func TestReserveIDs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "warroom.db")
	db, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	steps := []struct {
		name string
		n    uint64
		want uint64
	}{
		{"console", 1000, 1},
		{"console", 1, 1001},
		{"other", 5, 1},
		{"console", 10, 1002},
	}
	for i, s := range steps {
		if got, err := db.ReserveIDs(ctx, s.name, s.n); err != nil || got != s.want {
			t.Errorf("step %d: ReserveIDs(%s, %d) = %d, %v; want %d", i, s.name, s.n, got, err, s.want)
		}
	}
	for _, bad := range []struct {
		name string
		n    uint64
	}{{"console", 0}, {"", 3}} {
		if _, err := db.ReserveIDs(ctx, bad.name, bad.n); err == nil {
			t.Errorf("ReserveIDs(%q, %d) succeeded", bad.name, bad.n)
		}
	}
	// A restart carries on after what was reserved, used or not.
	db.Close()
	if db, err = Open(path, nil); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got, err := db.ReserveIDs(ctx, "console", 1); err != nil || got != 1012 {
		t.Errorf("ReserveIDs after reopen = %d, %v; want 1012", got, err)
	}
}
