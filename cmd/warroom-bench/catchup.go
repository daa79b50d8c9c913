package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rs/zerolog"

	slackadapter "github.com/warroom-dev/warroom/adapters/slack"
	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/commands"
	"github.com/warroom-dev/warroom/internal/fakeslack"
	"github.com/warroom-dev/warroom/postmortem"
	"github.com/warroom-dev/warroom/store"
)

// catchUpPage is how many events the Slack adapter hands the engine per
// page of history (its conversations.history page): the catch-up's batch,
// and so the ceiling's writers it is compared with.
const catchUpPage = 200

// timedCatchUp is the engine as a bot.Handler that tells when its first
// catch-up starts and hands over the channel closed when it is done.
type timedCatchUp struct {
	*bot.Engine
	started chan time.Time
	done    chan (<-chan struct{})
}

// CatchUp implements bot.Handler.
func (h *timedCatchUp) CatchUp(ctx context.Context, hist bot.History) <-chan struct{} {
	start := time.Now()
	d := h.Engine.CatchUp(ctx, hist)
	select {
	case h.started <- start:
		h.done <- d
	default:
	}
	return d
}

// catchUp measures catching up after downtime: an incident is declared, the
// bot stops, p.Missed messages are posted in its channel, and a new bot
// (engine and adapter, on the same store) starts: from its first catch-up
// to the end of it, every message is read back through conversations.history
// and committed. Beside it, the bbolt ceiling for as many records at the
// catch-up's batch size.
func catchUp(ctx context.Context, dir string, p params, res *result) error {
	if p.Missed <= 0 {
		return nil
	}
	s := fakeslack.New()
	defer s.Close()
	ids := make([]string, len(users))
	for i, u := range users {
		s.AddUser(u.id, u.name, u.real)
		ids[i] = u.id
	}
	ops := s.AddChannel("ops", ids...)
	path := filepath.Join(dir, "catchup.db")
	db, err := store.Open(path, nil)
	if err != nil {
		return err
	}
	defer os.Remove(path)
	defer db.Close()
	// start runs a new adapter and engine until stop.
	start := func(conn int, wrap func(*bot.Engine) bot.Handler) (e *bot.Engine, stop func() error, err error) {
		a, err := slackadapter.New(slackadapter.Options{
			AppToken: fakeslack.AppToken, BotToken: fakeslack.BotToken, APIURL: s.URL(), Log: zerolog.Nop(),
		})
		if err != nil {
			return nil, nil, err
		}
		e = bot.New(bot.Options{Store: db, Chat: a, Parser: commands.Parse, Postmortem: postmortem.Write,
			Config: bot.DefaultConfig(), Log: zerolog.Nop()})
		var h bot.Handler = e
		if wrap != nil {
			h = wrap(e)
		}
		rctx, cancel := context.WithCancel(ctx)
		runErr := make(chan error, 1)
		go func() { runErr <- a.Run(rctx, h) }()
		stop = func() error {
			cancel()
			return <-runErr
		}
		wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
		defer wcancel()
		if err := s.WaitConnected(wctx, conn); err != nil {
			return nil, nil, errors.Join(fmt.Errorf("catch-up: the bot did not connect: %w", err), stop())
		}
		return e, stop, nil
	}

	e, stop, err := start(1, nil)
	if err != nil {
		return err
	}
	if r := e.Command(ctx, bot.Request{User: "U1", ChannelID: ops, Text: "declare catch-up drill --sev P1"}); r.Code != "" {
		return errors.Join(fmt.Errorf("catch-up: declare answered %s: %s", r.Code, r.Text), stop())
	}
	incs, err := db.Incidents(ctx, true)
	if err != nil {
		return errors.Join(err, stop())
	}
	inc := incs[len(incs)-1]
	if err := stop(); err != nil {
		return err
	}
	for i := range p.Missed {
		s.AddHistory(inc.ChannelID, users[i%len(users)].id, fmt.Sprintf("%s (missed %d)", text, i))
	}
	h := &timedCatchUp{started: make(chan time.Time, 1), done: make(chan (<-chan struct{}), 1)}
	_, stop, err = start(2, func(e *bot.Engine) bot.Handler { h.Engine = e; return h })
	if err != nil {
		return err
	}
	defer stop()
	var began time.Time
	select {
	case began = <-h.started:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-<-h.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	elapsed := time.Since(began)
	n := 0
	if err := db.Timeline(ctx, inc.ID, func(en *bot.Entry) error {
		if en.Kind == bot.EntryMessage && strings.Contains(en.Text, "(missed ") {
			n++
		}
		return nil
	}); err != nil {
		return err
	}
	if n != p.Missed {
		return fmt.Errorf("catch-up: %d of the %d missed messages recorded", n, p.Missed)
	}
	res.Missed = p.Missed
	res.CatchUpMs = float64(elapsed) / float64(time.Millisecond)
	res.CatchUpRate = float64(p.Missed) / elapsed.Seconds()

	entries := ceilingEntries(p.Missed, "missed")
	cpath := filepath.Join(dir, "catchup-ceiling.db")
	ce, err := bboltCeiling(ctx, cpath, entries, catchUpPage)
	os.Remove(cpath)
	if err != nil {
		return err
	}
	res.CatchUpCeiling = float64(p.Missed) / ce.Seconds()
	return nil
}
