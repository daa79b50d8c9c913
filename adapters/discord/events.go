package discord

import (
	"github.com/bwmarrin/discordgo"

	"github.com/warroom-dev/warroom/bot"
)

// addHandlers registers the gateway handlers and returns a function that
// removes them.
func (a *Adapter) addHandlers() (remove func()) {
	rs := []func(){
		a.s.AddHandler(a.onReady),
		a.s.AddHandler(func(*discordgo.Session, *discordgo.Resumed) {
			a.connected.Store(true)
			a.log.Info().Msg("gateway session resumed")
		}),
		a.s.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) {
			a.connected.Store(false)
			a.log.Info().Msg("gateway disconnected")
			a.disconnected()
		}),
		a.s.AddHandler(a.onMessageCreate),
		a.s.AddHandler(a.onMessageUpdate),
		a.s.AddHandler(a.onMessageDelete),
		a.s.AddHandler(a.onReactionAdd),
		a.s.AddHandler(a.onInteraction),
		a.s.AddHandler(a.onThreadCreate),
		a.s.AddHandler(a.onThreadUpdate),
		a.s.AddHandler(a.onThreadListSync),
		a.s.AddHandler(a.onGuildCreate),
	}
	return func() {
		for _, r := range rs {
			r()
		}
	}
}

// onReady runs on every new session (IDENTIFY, not RESUME). Discord does not
// replay what was said while no session was open, so it asks the engine to
// catch up now, before any event of the new session is handed in: the
// engine reads its cursors before CatchUp returns.
func (a *Adapter) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	a.mu.Lock()
	if r.User != nil {
		a.botID = r.User.ID
	}
	if a.appID == "" && r.Application != nil {
		a.appID = r.Application.ID
	}
	h, ctx := a.h, a.runCtx
	a.mu.Unlock()
	a.connected.Store(true)
	a.log.Info().Str("session", r.SessionID).Msg("gateway session ready")
	if h == nil {
		return
	}
	done := h.CatchUp(ctx, history{a})
	a.work.Add(1)
	go func() {
		defer a.work.Done()
		<-done
	}()
}

func (a *Adapter) ours(guildID string) bool { return guildID == "" || guildID == a.opts.GuildID }

func (a *Adapter) isBot(u *discordgo.User) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return u != nil && u.ID == a.botID
}

func (a *Adapter) onMessageCreate(_ *discordgo.Session, m *discordgo.MessageCreate) {
	a.enqueue(a.inThreads(a.channelEvents(m)))
}

func (a *Adapter) onMessageUpdate(_ *discordgo.Session, m *discordgo.MessageUpdate) {
	a.enqueue(a.inThreads(a.channelEvents(m)))
}

func (a *Adapter) onMessageDelete(_ *discordgo.Session, m *discordgo.MessageDelete) {
	a.enqueue(a.inThreads(a.channelEvents(m)))
}

func (a *Adapter) onReactionAdd(_ *discordgo.Session, r *discordgo.MessageReactionAdd) {
	a.enqueue(a.inThreads(a.channelEvents(r)))
}

// enqueue reports a channel event dispatch to the Observer and hands its
// engine events to the engine, which records them in order per message;
// the delivery counts as acknowledged once they are recorded. A dispatch
// that is not the adapter's (ok false) is not reported.
func (a *Adapter) enqueue(kind, key string, evs []bot.Event, ok bool) {
	if !ok {
		return
	}
	d := a.received(kind)
	h, ctx := a.handler()
	if h == nil {
		return
	}
	a.work.Add(1)
	h.Ingest(ctx, evs, func(err error) {
		defer a.work.Done()
		if err != nil {
			a.log.Error().Err(err).Str("kind", kind).Str("message_id", key).
				Msg("recording an event failed; catching up reads it back at the next session")
			return
		}
		a.acked(d)
	})
}
