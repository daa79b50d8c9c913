package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// cmdHealth asks the running bot's /readyz and succeeds only on a 200: it
// is the container image's HEALTHCHECK. The address is --addr, else the
// configured WARROOM_HTTP_ADDR; a listener on every interface (":9090",
// "0.0.0.0:9090") is asked on the loopback address.
func cmdHealth(ctx context.Context, args []string, stdout io.Writer) error {
	fs, cfgPath := flags("health")
	addr := fs.String("addr", "", "host:port of the bot's health listener (default: WARROOM_HTTP_ADDR)")
	timeout := fs.Duration("timeout", 5*time.Second, "how long to wait for the answer")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageError{"health takes no arguments"}
	}
	if *addr == "" {
		cfg, err := loadConfig(*cfgPath)
		if err != nil {
			return err
		}
		if cfg.HTTPAddr == "" {
			return fmt.Errorf("health asks the bot's health listener, which is off: set WARROOM_HTTP_ADDR (http_addr) for the bot, or pass --addr")
		}
		*addr = cfg.HTTPAddr
	}
	url, err := readyURL(*addr)
	if err != nil {
		return usageError{err.Error()}
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 16<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("not ready (%s from %s):\n%s", resp.Status, url, strings.TrimRight(string(body), "\n"))
	}
	fmt.Fprint(stdout, string(body))
	return nil
}

// readyURL is the /readyz URL of a listener on addr.
func readyURL(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("--addr %q: must be host:port like 127.0.0.1:9090", addr)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/readyz", nil
}
