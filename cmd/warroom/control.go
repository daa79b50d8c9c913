package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/store"
)

// The control socket lets `warroom backup` reach a running bot, which holds
// the store's file lock: it sits beside the store as <db>.sock and speaks one
// line each way ("backup /abs/path" -> "ok <bytes>" or "error <text>").

// controlPath returns the control socket of a store file.
func controlPath(db string) string { return db + ".sock" }

// serveControl answers control requests until ctx is done.
func serveControl(ctx context.Context, db *store.DB, log zerolog.Logger) error {
	path := controlPath(db.Path())
	// We hold the store's lock, so a socket file left here is stale.
	_ = os.Remove(path)
	ln, err := net.Listen("unix", path)
	if err != nil {
		return fmt.Errorf("control socket %s: %w", path, err)
	}
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	go func() {
		defer os.Remove(path)
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go handleControl(conn, db, log)
		}
	}()
	return nil
}

func handleControl(conn net.Conn, db *store.DB, log zerolog.Logger) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Minute))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return
	}
	verb, arg, _ := strings.Cut(strings.TrimSpace(line), " ")
	if verb != "backup" || !filepath.IsAbs(arg) {
		fmt.Fprintf(conn, "error unknown request\n")
		return
	}
	if err := db.BackupFile(arg); err != nil {
		log.Error().Err(err).Str("file", arg).Msg("backup")
		fmt.Fprintf(conn, "error %s\n", strings.ReplaceAll(err.Error(), "\n", " "))
		return
	}
	st, err := os.Stat(arg)
	if err != nil {
		fmt.Fprintf(conn, "error %s\n", err)
		return
	}
	log.Info().Str("file", arg).Int64("bytes", st.Size()).Msg("backup written")
	fmt.Fprintf(conn, "ok %d\n", st.Size())
}

// askBackup asks the bot running on dbPath to write a backup to out.
func askBackup(ctx context.Context, dbPath, out string) (int64, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return 0, fmt.Errorf("backup file %s: %w", out, err)
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", controlPath(dbPath))
	if err != nil {
		return 0, fmt.Errorf("store %s is locked by another warroom process, and its control socket does not answer: %w", dbPath, err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "backup %s\n", abs)
	reply, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return 0, fmt.Errorf("backup through the running bot: %w", err)
	}
	status, rest, _ := strings.Cut(strings.TrimSpace(reply), " ")
	if status != "ok" {
		return 0, errors.New("backup through the running bot: " + rest)
	}
	n, _ := strconv.ParseInt(rest, 10, 64)
	return n, nil
}
