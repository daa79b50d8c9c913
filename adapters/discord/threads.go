package discord

import (
	"context"
	"sync"

	"github.com/bwmarrin/discordgo"

	"github.com/warroom-dev/warroom/bot"
)

// A message in a Discord thread carries the thread's channel id, which the
// engine does not know; the thread's parent is the incident channel. The
// adapter learns which channels are threads of which parent from
// THREAD_CREATE, THREAD_UPDATE, THREAD_LIST_SYNC and GUILD_CREATE, and
// asks GET /channels/{id} once for a channel it has not heard of, and hands
// a thread's events in as events of the parent, with Event.Thread set to
// the thread's name.

// thread is what the adapter knows of a channel: a thread of parent named
// name, or no thread (parent "").
type thread struct{ parent, name string }

// threads caches what channels are.
type threads struct {
	mu sync.Mutex
	m  map[string]thread
}

func (t *threads) get(id string) (thread, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	th, ok := t.m[id]
	return th, ok
}

func (t *threads) set(id string, th thread) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[string]thread{}
	}
	t.m[id] = th
}

// learn remembers what c is: a thread of its parent, or a channel.
func (t *threads) learn(c *discordgo.Channel) {
	if c == nil || c.ID == "" {
		return
	}
	if c.IsThread() && c.ParentID != "" {
		t.set(c.ID, thread{parent: c.ParentID, name: c.Name})
		return
	}
	t.set(c.ID, thread{})
}

func (a *Adapter) onThreadCreate(_ *discordgo.Session, c *discordgo.ThreadCreate) {
	if c.Channel != nil && a.ours(c.GuildID) {
		a.threads.learn(c.Channel)
	}
}

func (a *Adapter) onThreadUpdate(_ *discordgo.Session, c *discordgo.ThreadUpdate) {
	if c.Channel != nil && a.ours(c.GuildID) {
		a.threads.learn(c.Channel)
	}
}

func (a *Adapter) onThreadListSync(_ *discordgo.Session, s *discordgo.ThreadListSync) {
	if a.ours(s.GuildID) {
		for _, c := range s.Threads {
			a.threads.learn(c)
		}
	}
}

func (a *Adapter) onGuildCreate(_ *discordgo.Session, g *discordgo.GuildCreate) {
	if g.Guild == nil || !a.ours(g.ID) {
		return
	}
	for _, c := range g.Channels {
		a.threads.learn(c)
	}
	for _, c := range g.Threads {
		a.threads.learn(c)
	}
}

// inThreads hands the events of a thread in as events of its parent
// channel, marked with the thread's name; events of other channels pass
// unchanged. A channel the adapter has not heard of is looked up once.
func (a *Adapter) inThreads(kind, key string, evs []bot.Event, ok bool) (string, string, []bot.Event, bool) {
	for i := range evs {
		th := a.threadOf(evs[i].ChannelID)
		if th.parent != "" {
			evs[i].ChannelID, evs[i].Thread = th.parent, th.name
		}
	}
	return kind, key, evs, ok
}

// commandInThread hands a command given in a thread in as the parent
// channel's, as the thread's messages are, with Request.ThreadID naming
// the thread's channel: typed in a thread of an incident channel, it acts
// on that incident, and a declare there reads the thread. The engine's
// private answers in the parent reach the invoker through this
// interaction. A DM has no threads, so it is not looked up.
func (a *Adapter) commandInThread(i *discordgo.Interaction, req bot.Request) bot.Request {
	if i.GuildID == "" {
		return req
	}
	if th := a.threadOf(req.ChannelID); th.parent != "" {
		req.ChannelID, req.ThreadID = th.parent, req.ChannelID
		a.rememberPrivate(i, req.User, th.parent)
	}
	return req
}

// threadOf returns what channel id is, asking Discord on a miss. A failed
// lookup is logged and not cached: the event goes in as the channel's, and
// catching up reads a thread's messages again.
func (a *Adapter) threadOf(id string) thread {
	if th, ok := a.threads.get(id); ok || id == "" {
		return th
	}
	_, ctx := a.handler()
	if ctx == nil {
		ctx = context.Background()
	}
	c, err := a.s.Channel(id, call(ctx, "channel"))
	if err != nil {
		a.log.Warn().Err(err).Str("channel", id).Msg("looking up a channel to see if it is a thread failed")
		return thread{}
	}
	a.threads.learn(c)
	th, _ := a.threads.get(id)
	return th
}
