package commands

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"30m", 30 * time.Minute, true},
		{"90s", 90 * time.Second, true},
		{"1h30m", 90 * time.Minute, true},
		{"1H", time.Hour, true},
		{"1d", 24 * time.Hour, true},
		{"2d12h", 60 * time.Hour, true},
		{"0d", 0, true},
		{"-15m", -15 * time.Minute, true},
		{"-1d", -24 * time.Hour, true},
		{"", 0, false},
		{"30", 0, false},
		{"d", 0, false},
		{"1d-2h", 0, false},
		{"xd", 0, false},
		{"--1d", 0, false},
		{"soon", 0, false},
		{"99999d", 0, false},
		{"9999999h", 0, false},
		{"99999999999999999999h", 0, false},
	}
	for _, tt := range tests {
		got, err := parseDuration(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseDuration(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time // zero: want an error
	}{
		{"15:04", at(15, 4)},
		{"9:05", at(9, 5)},
		{"15:30", now},
		{"15:30:30", now}, // within the skew
		{"15:31", now},
		{"15:32", at(15, 32).AddDate(0, 0, -1)},
		{"23:59", at(23, 59).AddDate(0, 0, -1)},
		{"00:00", at(0, 0)},
		{"2024-05-09 10:00", time.Date(2024, 5, 9, 10, 0, 0, 0, time.UTC)},
		{"2024-05-09T10:00", time.Date(2024, 5, 9, 10, 0, 0, 0, time.UTC)},
		{"2024-05-09 10:00:05", time.Date(2024, 5, 9, 10, 0, 5, 0, time.UTC)},
		{"2024-05-09T10:00:00Z", time.Date(2024, 5, 9, 10, 0, 0, 0, time.UTC)},
		{"2024-05-09T12:00:00+02:00", time.Date(2024, 5, 9, 10, 0, 0, 0, time.UTC)},
		{"2024-05-09T10:00:00.5Z", time.Date(2024, 5, 9, 10, 0, 0, 5e8, time.UTC)},
		{"-15m", at(15, 15)},
		{"-1d", at(15, 30).AddDate(0, 0, -1)},
		{"15m ago", at(15, 15)},
		{"1h30m ago", at(14, 0)},
		{"NOW", now},
		{"15m", time.Time{}},
		{"0m ago", time.Time{}},
		{"-0s", time.Time{}},
		{"ago", time.Time{}},
		{"24:00", time.Time{}},
		{"2024-05-10 16:00", time.Time{}}, // future
		{"2024-13-01 10:00", time.Time{}},
		{"2024-05-09", time.Time{}}, // a date is not a time
		{"yesterday", time.Time{}},
	}
	for _, tt := range tests {
		got, err := parseTime(tt.in, now)
		if tt.want.IsZero() {
			if err == nil {
				t.Errorf("parseTime(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("parseTime(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseTimeLocalNow(t *testing.T) {
	// now in another zone: "15:04" is still read in UTC.
	local := now.In(time.FixedZone("UTC+10", 10*3600))
	got, err := parseTime("15:00", local)
	if err != nil || !got.Equal(at(15, 0)) {
		t.Errorf("parseTime = %v, %v; want %v", got, err, at(15, 0))
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time // zero: want an error
	}{
		{"2024-05-20", day(20)},
		{"2024-05-10", day(10)},
		{"2024-05-12T09:00:00Z", day(12).Add(9 * time.Hour)},
		{"today", day(10)},
		{"Tomorrow", day(11)},
		{"+3d", day(13)},
		{"3d", day(13)},
		{"0d", day(10)},
		{"+1w", day(17)},
		{"2w", day(24)},
		{"saturday", day(11)},
		{"sun", day(12)},
		{"monday", day(13)},
		{"thu", day(16)},
		{"friday", day(17)}, // today is Friday: the next one
		{"next friday", day(17)},
		{"next mon", day(13)},
		{"2024-05-09", time.Time{}}, // past
		{"-3d", time.Time{}},
		{"+-3d", time.Time{}},
		{"++3d", time.Time{}},
		{"3x", time.Time{}},
		{"fr", time.Time{}},
		{"frid", time.Time{}},
		{"next", time.Time{}},
		{"99999d", time.Time{}},
		{"", time.Time{}},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in, now)
		if tt.want.IsZero() {
			if err == nil {
				t.Errorf("parseDate(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}
