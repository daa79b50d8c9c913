package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHealth(t *testing.T) {
	ready := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" {
			http.NotFound(w, r)
			return
		}
		if !ready {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("store: store warroom.db is not committing\nplatform: ok\n"))
			return
		}
		w.Write([]byte("store: ok\nplatform: ok\n"))
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	_, port, _ := strings.Cut(addr, ":")

	tests := []struct {
		name    string
		ready   bool
		args    []string
		env     string // WARROOM_HTTP_ADDR
		wantErr string // "" for success
	}{
		{"ready", true, []string{"--addr", addr}, "", ""},
		{"the configured address", true, nil, addr, ""},
		{"a listener on every interface is asked on loopback", true, nil, ":" + port, ""},
		{"not ready", false, []string{"--addr", addr}, "", "not ready (503 Service Unavailable"},
		{"not ready names the check", false, []string{"--addr", addr}, "", "store: store warroom.db is not committing"},
		{"no listener configured", true, nil, "", "set WARROOM_HTTP_ADDR"},
		{"a bad address", true, []string{"--addr", "nine"}, "", "must be host:port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ready = tt.ready
			t.Setenv("WARROOM_HTTP_ADDR", tt.env)
			var out bytes.Buffer
			err := runMain(context.Background(), append([]string{"health"}, tt.args...), nil, &out, &bytes.Buffer{})
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("health: %v", err)
			case tt.wantErr == "" && !strings.Contains(out.String(), "store: ok"):
				t.Errorf("health printed %q", out.String())
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("health: %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}
