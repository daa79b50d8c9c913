package slack

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	slackgo "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/warroom-dev/warroom/bot"
)

// Run connects to Slack over Socket Mode and serves h until ctx ends, then
// waits for the work in hand to finish and returns nil. It returns an error
// when it cannot start (auth.test fails) or when Slack refuses the
// connection for good (a revoked or wrong token); socketmode reconnects by
// itself after anything else.
func (a *Adapter) Run(ctx context.Context, h bot.Handler) error {
	if !a.running.CompareAndSwap(false, true) {
		return errors.New("slack: Run is already running")
	}
	defer a.running.Store(false)

	var auth *slackgo.AuthTestResponse
	err := a.call(ctx, "auth.test", func() (err error) {
		auth, err = a.api.AuthTestContext(ctx)
		return err
	})
	if err != nil {
		return fmt.Errorf("slack auth.test with SLACK_BOT_TOKEN: %w", err)
	}
	a.botUser.Store(&auth.UserID)
	a.botID.Store(&auth.BotID)
	a.log.Info().Str("team", auth.TeamID).Str("bot_user", auth.UserID).Str("bot_id", auth.BotID).Msg("authenticated")

	ctx, cancel := context.WithCancel(ctx)
	r := &runner{a: a, h: h, ctx: ctx}
	defer func() {
		cancel()
		r.wg.Wait()
		a.connected.Store(false)
	}()

	errc := make(chan error, 1)
	go func() { errc <- a.sm.RunContext(ctx) }()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-errc:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("slack socket mode with SLACK_APP_TOKEN: %w", err)
		case evt := <-a.sm.Events:
			r.handle(evt, time.Now())
		}
	}
}

// runner is one Run: it dispatches Socket Mode events. wg counts the
// work Run waits for before it returns: commands under way, events handed
// to the engine and not yet acknowledged, catch-ups.
type runner struct {
	a   *Adapter
	h   bot.Handler
	ctx context.Context
	wg  sync.WaitGroup

	mu     sync.Mutex
	hellos int
}

// handle dispatches one Socket Mode event, received at at.
func (r *runner) handle(evt socketmode.Event, at time.Time) {
	a := r.a
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		a.connected.Store(false)
		a.log.Debug().Msg("connecting")
	case socketmode.EventTypeConnectionError:
		a.connected.Store(false)
		l := a.log.Warn()
		if e, ok := evt.Data.(*slackgo.ConnectionErrorEvent); ok {
			l = l.Err(e.ErrorObj).Int("attempt", e.Attempt).Dur("backoff", e.Backoff)
		}
		l.Msg("connection failed")
	case socketmode.EventTypeInvalidAuth:
		a.connected.Store(false)
		a.log.Error().Msg("Slack refused SLACK_APP_TOKEN")
	case socketmode.EventTypeConnected:
		a.connected.Store(true)
		n := 0
		if e, ok := evt.Data.(*socketmode.ConnectedEvent); ok {
			n = e.ConnectionCount
		}
		a.log.Info().Int("connection", n+1).Msg("connected")
	case socketmode.EventTypeHello:
		a.connected.Store(true)
		r.mu.Lock()
		r.hellos++
		n := r.hellos
		r.mu.Unlock()
		a.log.Debug().Int("hello", n).Msg("hello")
		// On start and after every reconnect: events sent while the socket
		// was down are gone unless Slack redelivers them, so read back.
		r.catchUp()
	case socketmode.EventTypeIncomingError:
		l := a.log.Warn()
		if e, ok := evt.Data.(*slackgo.IncomingEventError); ok {
			l = l.Err(e.ErrorObj)
		}
		l.Msg("reading from Slack failed")
	case socketmode.EventTypeErrorWriteFailed:
		a.log.Warn().Msg("acknowledgement not written; Slack will deliver again")
	case socketmode.EventTypeErrorBadMessage:
		a.log.Warn().Msg("message from Slack not understood; it cannot be acknowledged")
	case socketmode.EventTypeSlashCommand:
		r.slashCommand(evt, r.received(evt, "slash_command", at))
	case socketmode.EventTypeInteractive:
		kind := "interactive"
		if cb, ok := evt.Data.(slackgo.InteractionCallback); ok && cb.Type != "" {
			kind = string(cb.Type) // block_actions, view_submission, ...
		}
		r.interactive(evt, r.received(evt, kind, at))
	case socketmode.EventTypeEventsAPI:
		kind := "events_api"
		if ev, ok := evt.Data.(slackevents.EventsAPIEvent); ok && ev.InnerEvent.Type != "" {
			kind = ev.InnerEvent.Type // message, reaction_added, ...
		}
		r.eventsAPI(evt, r.received(evt, kind, at))
	}
}

// delivery is one envelope from Slack: what acknowledges it, and its kind
// and time of receipt, for the Observer.
type delivery struct {
	req  *socketmode.Request
	kind string
	at   time.Time
}

// received reports a delivery to the Observer.
func (r *runner) received(evt socketmode.Event, kind string, at time.Time) delivery {
	r.a.obs.EventReceived(platform, kind)
	return delivery{req: evt.Request, kind: kind, at: at}
}

// ack acknowledges a delivery, with an optional payload, and reports how
// long after its receipt that was.
func (r *runner) ack(d delivery, payload ...any) {
	if d.req == nil {
		return
	}
	var pld any
	if len(payload) > 0 {
		pld = payload[0]
	}
	// Not Ack, which waits for the connection's sender however long:
	// once Run is stopping, the sender may be gone.
	if err := r.a.sm.AckCtx(r.ctx, d.req.EnvelopeID, pld); err != nil {
		r.a.log.Error().Err(err).Str("envelope", d.req.EnvelopeID).Msg("ack")
		return
	}
	r.a.obs.EventAcked(platform, d.kind, time.Since(d.at))
}

// spawn runs fn on its own goroutine, counted for shutdown.
func (r *runner) spawn(fn func(ctx context.Context)) {
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		fn(r.ctx)
	}()
}

// slashCommand acknowledges at once, then runs the command and answers.
func (r *runner) slashCommand(evt socketmode.Event, d delivery) {
	r.ack(d)
	cmd, ok := evt.Data.(slackgo.SlashCommand)
	if !ok {
		return
	}
	if cmd.Command != r.a.command {
		r.a.log.Warn().Str("command", cmd.Command).Msg("slash command not ours")
		return
	}
	req := bot.Request{
		User: cmd.UserID, UserName: cmd.UserName, ChannelID: cmd.ChannelID,
		Text: plain(cmd.Text), Forms: cmd.TriggerID != "",
	}
	r.spawn(func(ctx context.Context) {
		req.Groups = r.a.groups(ctx, req.User)
		r.respond(ctx, req, r.h.Command(ctx, req), cmd.TriggerID, cmd.ResponseURL)
	})
}

// interactive handles button presses and modal submissions.
func (r *runner) interactive(evt socketmode.Event, d delivery) {
	cb, ok := evt.Data.(slackgo.InteractionCallback)
	if !ok {
		r.ack(d)
		return
	}
	switch cb.Type {
	case slackgo.InteractionTypeBlockActions:
		r.ack(d)
		channel := cb.Channel.ID
		if channel == "" {
			channel = cb.Container.ChannelID
		}
		for _, act := range cb.ActionCallback.BlockActions {
			if !strings.HasPrefix(act.ActionID, actionIDPrefix) {
				continue
			}
			req := bot.Request{User: cb.User.ID, UserName: cb.User.Name, ChannelID: channel, Text: act.Value, Forms: cb.TriggerID != ""}
			r.spawn(func(ctx context.Context) {
				req.Groups = r.a.groups(ctx, req.User)
				r.respond(ctx, req, r.h.Command(ctx, req), cb.TriggerID, cb.ResponseURL)
			})
		}
	case slackgo.InteractionTypeViewSubmission:
		sub, ok := submission(cb)
		if !ok {
			r.ack(d)
			return
		}
		// Slack shows the user an error and keeps the modal open unless
		// the ack comes within 3 s, so only the check (the store, no Web
		// API call) comes before it: field errors go back in the ack, and
		// the work, and the engine's answer, come after.
		sub.ID, sub.Acked = cb.View.ID, true
		sub.Groups = r.a.cachedGroups(sub.User)
		r.spawn(func(ctx context.Context) {
			fieldErrs, err := r.h.CheckForm(ctx, sub)
			if err != nil && len(fieldErrs) == 0 {
				r.a.log.Warn().Err(err).Str("form", string(sub.Kind)).Msg("form submission failed")
				fieldErrs = map[string]string{firstField(cb): bot.ErrorMessage(err)}
			}
			if len(fieldErrs) > 0 {
				r.ack(d, viewErrors{ResponseAction: "errors", Errors: fieldErrs})
				return
			}
			r.ack(d)
			if _, err := r.h.Submit(ctx, sub); err != nil {
				r.a.log.Warn().Err(err).Str("form", string(sub.Kind)).Msg("form submission failed")
			}
		})
	default:
		r.ack(d)
	}
}

// firstField returns the block id of a modal's first input, where an error
// that belongs to no field is shown.
func firstField(cb slackgo.InteractionCallback) string {
	for _, b := range cb.View.Blocks.BlockSet {
		if ib, ok := b.(*slackgo.InputBlock); ok && ib.BlockID != "" {
			return ib.BlockID
		}
	}
	if cb.View.State != nil {
		for id := range cb.View.State.Values {
			return id
		}
	}
	return ""
}

// respond gives the invoker the engine's answer: the form it asks for, or
// the text, privately.
func (r *runner) respond(ctx context.Context, req bot.Request, resp bot.Response, triggerID, responseURL string) {
	text := resp.Text
	if resp.Form != nil {
		if triggerID != "" {
			err := r.a.openForm(ctx, triggerID, resp.Form)
			if err == nil {
				return
			}
			r.a.log.Warn().Err(err).Str("user", req.User).Msg("open form")
		}
		if text == "" {
			text = "I could not open the form. Please try again, or give the details in the command itself (see " + r.a.command + " help)."
		}
	}
	if text == "" {
		return
	}
	r.a.reply(ctx, req.ChannelID, req.User, text, responseURL)
}

// reply answers a user privately: chat.postEphemeral, and the response URL
// when that fails (in a channel the bot is not in, say).
func (a *Adapter) reply(ctx context.Context, channelID, user, text, responseURL string) {
	err := a.PostPrivate(ctx, channelID, user, text)
	if err == nil {
		return
	}
	if responseURL == "" {
		a.log.Error().Err(err).Str("user", user).Msg("answer command")
		return
	}
	a.log.Debug().Err(err).Str("user", user).Msg("ephemeral answer failed; using the response URL")
	err2 := a.call(ctx, "response_url", func() error {
		_, _, err := a.api.PostMessageContext(ctx, channelID,
			slackgo.MsgOptionText(truncateRunes(text, maxMessageText), false),
			slackgo.MsgOptionResponseURL(responseURL, slackgo.ResponseTypeEphemeral))
		return err
	})
	if err2 != nil {
		a.log.Error().Err(errors.Join(err, err2)).Str("user", user).Msg("answer command")
	}
}

// eventsAPI hands a channel event to the engine; it is acknowledged once
// every engine event it gives is recorded, and not at all if one fails, so
// that Slack delivers it again. The engine orders the events and records
// them; the adapter keeps no queue.
func (r *runner) eventsAPI(evt socketmode.Event, d delivery) {
	ev, ok := evt.Data.(slackevents.EventsAPIEvent)
	if !ok {
		r.ack(d)
		return
	}
	eventID := ""
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok {
		eventID = cb.EventID
	}
	_, evs := r.a.translate(r.ctx, ev.InnerEvent, eventID)
	r.wg.Add(1)
	r.h.Ingest(r.ctx, evs, func(err error) {
		defer r.wg.Done()
		if err != nil {
			r.a.log.Error().Err(err).Str("event", eventID).Str("kind", d.kind).
				Msg("record event; not acknowledged, Slack will deliver it again")
			return
		}
		r.ack(d)
	})
}
