package discord

import (
	"context"
	"hash/fnv"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/rs/zerolog"

	"github.com/warroom-dev/warroom/bot"
)

// pin is the reaction Discord users mark a key event with.
const pin = "📌"

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
		}),
		a.s.AddHandler(a.onMessageCreate),
		a.s.AddHandler(a.onMessageUpdate),
		a.s.AddHandler(a.onMessageDelete),
		a.s.AddHandler(a.onReactionAdd),
		a.s.AddHandler(a.onInteraction),
	}
	return func() {
		for _, r := range rs {
			r()
		}
	}
}

// onReady runs on every new session (IDENTIFY, not RESUME). Discord does not
// replay what was said while no session was open, so it reads the engine's
// cursors now, before any event of the new session is recorded, and hands
// them to the catch-up loop.
func (a *Adapter) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	a.mu.Lock()
	if r.User != nil {
		a.botID = r.User.ID
	}
	if a.appID == "" && r.Application != nil {
		a.appID = r.Application.ID
	}
	h, ctx, ch := a.h, a.runCtx, a.catchup
	a.mu.Unlock()
	a.connected.Store(true)
	a.log.Info().Str("session", r.SessionID).Msg("gateway session ready")
	if h == nil {
		return
	}
	cs, err := h.Cursors(ctx)
	if err != nil {
		a.log.Error().Err(err).Msg("reading catch-up cursors; history missed while disconnected is not read back")
		return
	}
	select {
	case ch <- cs:
	default:
		a.log.Error().Msg("catch-up queue full; history missed while disconnected is not read back")
	}
}

func (a *Adapter) ours(guildID string) bool { return guildID == "" || guildID == a.opts.GuildID }

func (a *Adapter) isBot(u *discordgo.User) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return u != nil && u.ID == a.botID
}

func (a *Adapter) onMessageCreate(_ *discordgo.Session, m *discordgo.MessageCreate) {
	if m.Message == nil || !a.ours(m.GuildID) {
		return
	}
	a.enqueue(a.received(kindMessageCreate), m.ID, a.messageEvents(m.Message)...)
}

// messageEvents turns a person's message into a posted event and a file
// event per attachment; the bot's own messages and system messages give
// none.
func (a *Adapter) messageEvents(m *discordgo.Message) []bot.Event {
	if m.Author == nil || a.isBot(m.Author) || (m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply) {
		return nil
	}
	name := displayName(m.Author)
	if m.Member != nil && m.Member.Nick != "" {
		name = m.Member.Nick
	}
	a.rememberName(m.Author.ID, name)
	base := bot.Event{ChannelID: m.ChannelID, User: m.Author.ID, UserName: name, At: m.Timestamp.UTC()}
	var evs []bot.Event
	if m.Content != "" || len(m.Attachments) == 0 {
		ev := base
		ev.Kind, ev.EventID, ev.MessageID, ev.Text = bot.MessagePosted, "discord:msg:"+m.ID, m.ID, m.Content
		evs = append(evs, ev)
	}
	for _, at := range m.Attachments {
		ev := base
		ev.Kind, ev.EventID, ev.MessageID = bot.FileShared, "discord:file:"+at.ID, at.ID
		ev.FileName, ev.FileURL = at.Filename, at.URL
		evs = append(evs, ev)
	}
	return evs
}

func (a *Adapter) onMessageUpdate(_ *discordgo.Session, m *discordgo.MessageUpdate) {
	if m.Message == nil || !a.ours(m.GuildID) {
		return
	}
	d := a.received(kindMessageUpdate)
	// Updates without edited_timestamp are Discord adding embeds, not edits.
	if m.EditedTimestamp == nil || a.isBot(m.Author) {
		a.acked(d)
		return
	}
	ev := bot.Event{
		Kind: bot.MessageEdited, ChannelID: m.ChannelID, MessageID: m.ID, Text: m.Content,
		EventID: "discord:edit:" + m.ID + ":" + strconv.FormatInt(m.EditedTimestamp.UnixNano(), 10),
		At:      m.EditedTimestamp.UTC(),
	}
	if m.BeforeUpdate != nil {
		ev.PrevText = m.BeforeUpdate.Content
	}
	if m.Author != nil {
		ev.User, ev.UserName = m.Author.ID, displayName(m.Author)
		if m.Member != nil && m.Member.Nick != "" {
			ev.UserName = m.Member.Nick
		}
	}
	a.enqueue(d, m.ID, ev)
}

func (a *Adapter) onMessageDelete(_ *discordgo.Session, m *discordgo.MessageDelete) {
	if m.Message == nil || !a.ours(m.GuildID) {
		return
	}
	a.enqueue(a.received(kindMessageDelete), m.ID, bot.Event{
		Kind: bot.MessageDeleted, EventID: "discord:del:" + m.ID,
		ChannelID: m.ChannelID, MessageID: m.ID, // no time: the engine's clock dates it
	})
}

func (a *Adapter) onReactionAdd(_ *discordgo.Session, r *discordgo.MessageReactionAdd) {
	if r.MessageReaction == nil || !a.ours(r.GuildID) {
		return
	}
	d := a.received(kindReactionAdd)
	a.mu.Lock()
	self := r.UserID == a.botID
	a.mu.Unlock()
	if self {
		a.acked(d)
		return
	}
	name := r.Emoji.Name
	if name == pin {
		name = bot.PinReaction
	}
	ev := bot.Event{
		Kind: bot.ReactionAdded, EventID: "discord:react:" + r.MessageID + ":" + r.UserID + ":" + r.Emoji.APIName(),
		ChannelID: r.ChannelID, MessageID: r.MessageID, User: r.UserID, Reaction: name,
	}
	if r.Member != nil && r.Member.User != nil {
		ev.UserName = r.Member.Nick
		if ev.UserName == "" {
			ev.UserName = displayName(r.Member.User)
		}
	}
	a.enqueue(d, r.MessageID, ev)
}

// enqueue hands the events of delivery d (nil for history read back) to
// the recorder, under the id of the message they are about. A delivery
// that gives no event is done at once.
func (a *Adapter) enqueue(d *delivery, key string, evs ...bot.Event) {
	if len(evs) == 0 {
		a.acked(d)
		return
	}
	a.mu.Lock()
	rec := a.rec
	a.mu.Unlock()
	if rec != nil {
		rec.add(d, key, evs...)
	}
}

// recorder hands events to the engine. Events about one message go to the
// same worker, in gateway order; different messages are recorded
// concurrently, so that the store can commit a busy channel in batches.
type recorder struct {
	h      Handler
	log    zerolog.Logger
	done   func(*delivery) // called when every event of a delivery is recorded
	qs     []chan item
	wg     sync.WaitGroup
	mu     sync.RWMutex
	closed bool

	// Recorded counts events the engine accepted.
	recorded atomic.Int64
}

const (
	recordWorkers = 128
	recordQueue   = 256
	recordTries   = 4
	recordTimeout = 30 * time.Second
)

// item is one queued event and the delivery it came in (nil for history
// read back).
type item struct {
	ev bot.Event
	d  *delivery
}

func newRecorder(h Handler, log zerolog.Logger, done func(*delivery)) *recorder {
	r := &recorder{h: h, log: log, done: done, qs: make([]chan item, recordWorkers)}
	for i := range r.qs {
		q := make(chan item, recordQueue)
		r.qs[i] = q
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			for it := range q {
				r.record(it)
			}
		}()
	}
	return r
}

// add queues the events of delivery d for recording; it blocks while the
// worker is busy, which holds the gateway back instead of dropping events.
func (r *recorder) add(d *delivery, key string, evs ...bot.Event) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.closed {
		r.log.Debug().Str("message", key).Msg("adapter stopped; event left to catch-up")
		return
	}
	if d != nil {
		d.left.Store(int32(len(evs)))
	}
	h := fnv.New32a()
	h.Write([]byte(key))
	q := r.qs[h.Sum32()%uint32(len(r.qs))]
	for _, ev := range evs {
		q <- item{ev, d}
	}
}

// record hands one event to the engine, retrying a failed store briefly.
// An event that still fails is logged, and its delivery never counts as
// done; the next catch-up reads it back.
func (r *recorder) record(it item) {
	ev, d := it.ev, it.d
	wait := 100 * time.Millisecond
	for try := 1; ; try++ {
		ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
		err := r.h.Record(ctx, ev)
		cancel()
		if err == nil {
			r.recorded.Add(1)
			if d != nil && d.left.Add(-1) == 0 && !d.failed.Load() {
				r.done(d)
			}
			return
		}
		if try == recordTries {
			r.log.Error().Err(err).Str("kind", string(ev.Kind)).Str("channel", ev.ChannelID).Str("message", ev.MessageID).Msg("recording an event failed")
			if d != nil {
				d.failed.Store(true)
				d.left.Add(-1)
			}
			return
		}
		time.Sleep(wait)
		wait *= 2
	}
}

// close records what is queued and stops the workers.
func (r *recorder) close() {
	r.mu.Lock()
	if !r.closed {
		r.closed = true
		for _, q := range r.qs {
			close(q)
		}
	}
	r.mu.Unlock()
	r.wg.Wait()
}
