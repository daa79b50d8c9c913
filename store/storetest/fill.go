package storetest

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// fullIncident returns an incident whose every field, down through its
// lists and structs, holds a distinct non-zero value, so that a round trip
// that drops or mixes up any field shows. A field of a kind fill cannot
// make up fails the test: teach fill about it.
func fullIncident(t *testing.T) *bot.Incident {
	t.Helper()
	inc := new(bot.Incident)
	n := 0
	if err := fill(reflect.ValueOf(inc).Elem(), &n); err != nil {
		t.Fatal(err)
	}
	inc.ID = 0
	return inc
}

// fullEntry is fullIncident for a timeline entry of incident id, without
// the Seq the store assigns.
func fullEntry(t *testing.T, id int64) *bot.Entry {
	t.Helper()
	e := new(bot.Entry)
	n := 0
	if err := fill(reflect.ValueOf(e).Elem(), &n); err != nil {
		t.Fatal(err)
	}
	e.IncidentID, e.Seq, e.Kind = id, 0, bot.EntryMessage
	return e
}

func fill(v reflect.Value, n *int) error {
	*n++
	switch {
	case v.Type() == reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(t0.Add(time.Duration(*n)*time.Minute + time.Duration(*n))))
	case v.Type() == reflect.TypeFor[bot.Severity]():
		v.SetInt(int64(*n % len(bot.Severities)))
	case v.Kind() == reflect.String:
		v.SetString(fmt.Sprintf("%s-%d", v.Type().Name(), *n))
	case v.Kind() >= reflect.Int && v.Kind() <= reflect.Int64:
		v.SetInt(int64(*n))
	case v.Kind() >= reflect.Uint && v.Kind() <= reflect.Uint64:
		v.SetUint(uint64(*n))
	case v.Kind() == reflect.Bool:
		v.SetBool(true)
	case v.Kind() == reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			if err := fill(s.Index(i), n); err != nil {
				return err
			}
		}
		v.Set(s)
	case v.Kind() == reflect.Map:
		m := reflect.MakeMap(v.Type())
		for range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			if err := fill(k, n); err != nil {
				return err
			}
			if err := fill(e, n); err != nil {
				return err
			}
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				continue
			}
			if err := fill(v.Field(i), n); err != nil {
				return fmt.Errorf("%s.%s: %w", v.Type().Name(), v.Type().Field(i).Name, err)
			}
		}
	default:
		return fmt.Errorf("fill has no value for %s", v.Type())
	}
	return nil
}
