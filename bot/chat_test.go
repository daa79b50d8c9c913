package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/warroom-dev/warroom/bot"
)

// recorder is a bot.Chat that remembers everything the engine asked of it.
type recorder struct {
	mu       sync.Mutex
	channels []bot.Channel
	posts    []post
	private  []post
	files    []bot.File
	topics   map[string]string
	invited  map[string][]string
	n        int
	// createErr, when set, is what CreateChannel fails with.
	createErr error
	// unknown are users CheckUser says do not exist; checkErr, when set,
	// is what it fails with for everyone else.
	unknown  map[string]bool
	checkErr error
	// renamed is the last name RenameChannel gave each channel.
	renamed map[string]string
	// dms are the direct messages sent; DirectMessage to a user in dmFail
	// fails.
	dms    []post
	dmFail map[string]bool
	// archived holds the channels archived now; archives counts
	// ArchiveChannel calls; archiveErr, when set, fails them.
	archived   map[string]bool
	archives   int
	archiveErr error
}

func (r *recorder) RenameChannel(_ context.Context, channel, name string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.renamed[channel] = name
	return nil
}

func (r *recorder) CheckUser(_ context.Context, user string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.unknown[user] {
		return fmt.Errorf("no %s: %w", user, bot.ErrUnknownUser)
	}
	return r.checkErr
}

func (r *recorder) DirectMessage(_ context.Context, user string, m bot.Message) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.dmFail[user] {
		return "", fmt.Errorf("cannot message %s", user)
	}
	r.dms = append(r.dms, post{user: user, Message: m})
	r.n++
	return fmt.Sprintf("bot-%d", r.n), nil
}

type post struct {
	channel, user string
	bot.Message
}

func newRecorder() *recorder {
	return &recorder{topics: map[string]string{}, invited: map[string][]string{}, unknown: map[string]bool{}, dmFail: map[string]bool{}, archived: map[string]bool{}, renamed: map[string]string{}}
}

func (r *recorder) CreateChannel(_ context.Context, name string) (bot.Channel, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.createErr != nil {
		return bot.Channel{}, r.createErr
	}
	ch := bot.Channel{ID: fmt.Sprintf("C%d", len(r.channels)+1), Name: name}
	r.channels = append(r.channels, ch)
	return ch, nil
}

func (r *recorder) Invite(_ context.Context, channel string, users []string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.invited[channel] = append(r.invited[channel], users...)
	return nil
}

func (r *recorder) Post(_ context.Context, channel string, m bot.Message) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.posts = append(r.posts, post{channel: channel, Message: m})
	r.n++
	return fmt.Sprintf("bot-%d", r.n), nil
}

func (r *recorder) PostPrivate(_ context.Context, channel, user, text string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.private = append(r.private, post{channel: channel, user: user, Message: bot.Message{Text: text}})
	return nil
}

func (r *recorder) Upload(_ context.Context, channel string, f bot.File) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.files = append(r.files, f)
	return nil
}

func (r *recorder) SetTopic(_ context.Context, channel, topic string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.topics[channel] = topic
	return nil
}

func (r *recorder) ArchiveChannel(_ context.Context, channel string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.archives++
	if r.archiveErr != nil {
		return r.archiveErr
	}
	r.archived[channel] = true
	return nil
}

func (r *recorder) UnarchiveChannel(_ context.Context, channel string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.archived, channel)
	return nil
}

// isArchived reports whether channel is archived now.
func (r *recorder) isArchived(channel string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.archived[channel]
}

func (r *recorder) Mention(user string) string { return "<@" + user + ">" }

func (r *recorder) Quote(text string) string { return strings.ReplaceAll(text, "@here", "@\u200bhere") }

// postsIn returns the texts posted in a channel.
func (r *recorder) postsIn(channel string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, p := range r.posts {
		if p.channel == channel {
			out = append(out, p.Text)
		}
	}
	return out
}

// count returns how many posts in channel contain s.
func (r *recorder) count(channel, s string) int {
	n := 0
	for _, t := range r.postsIn(channel) {
		if strings.Contains(t, s) {
			n++
		}
	}
	return n
}

func (r *recorder) lastFile() bot.File {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.files) == 0 {
		return bot.File{}
	}
	return r.files[len(r.files)-1]
}
