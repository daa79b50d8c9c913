package store

import (
	"fmt"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// openTest opens a new store in a temporary directory and closes it when
// the test ends.
func openTest(t testing.TB) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "warroom.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}

// t0 is the time tests count from.
var t0 = time.Date(2024, 3, 5, 14, 0, 0, 0, time.UTC)

// fullIncident returns an incident whose every field, down through its
// lists and structs, holds a distinct non-zero value, so that a round trip
// that drops or mixes up any field shows.
func fullIncident(t testing.TB) *bot.Incident {
	t.Helper()
	inc := new(bot.Incident)
	n := 0
	fill(reflect.ValueOf(inc).Elem(), &n)
	inc.ID = 0
	return inc
}

func fill(v reflect.Value, n *int) {
	*n++
	switch {
	case v.Type() == reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(t0.Add(time.Duration(*n)*time.Minute + time.Duration(*n))))
	case v.Type() == reflect.TypeFor[bot.Severity]():
		v.SetInt(int64(*n % len(bot.Severities)))
	case v.Kind() == reflect.String:
		v.SetString(fmt.Sprintf("%s-%d", v.Type().Name(), *n))
	case v.Kind() == reflect.Int, v.Kind() == reflect.Int64:
		v.SetInt(int64(*n))
	case v.Kind() == reflect.Uint64:
		v.SetUint(uint64(*n))
	case v.Kind() == reflect.Bool:
		v.SetBool(true)
	case v.Kind() == reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), n)
		}
		v.Set(s)
	case v.Kind() == reflect.Map:
		m := reflect.MakeMap(v.Type())
		for range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(k, n)
			fill(e, n)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), n)
		}
	default:
		panic(fmt.Sprintf("fill: no value for %s", v.Type()))
	}
}

// appendAll appends entries and fails the test on an error.
func appendAll(t testing.TB, db *DB, es ...*bot.Entry) {
	t.Helper()
	for _, e := range es {
		if _, err := db.Append(t.Context(), e); err != nil {
			t.Fatal(err)
		}
	}
}

// timeline returns the entries of an incident in the order Timeline
// yields them.
func timeline(t testing.TB, db *DB, id int64) []*bot.Entry {
	t.Helper()
	var es []*bot.Entry
	if err := db.Timeline(t.Context(), id, func(e *bot.Entry) error {
		c := *e // Timeline reuses e
		es = append(es, &c)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return es
}

// appendConcurrently appends n entries made by entry, all at once, so that
// they share commits.
func appendConcurrently(t testing.TB, db *DB, n int, entry func(i int) *bot.Entry) {
	t.Helper()
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if _, err := db.Append(t.Context(), entry(i)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}
