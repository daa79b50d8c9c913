package store

import (
	"context"
	"testing"
)

func TestCheck(t *testing.T) {
	db := openTest(t)
	if err := db.Check(context.Background()); err != nil {
		t.Fatalf("Check on an open store: %v", err)
	}
	db.Close()
	if err := db.Check(context.Background()); err == nil {
		t.Error("Check on a closed store passed")
	}
}
