package bot

import (
	"context"
	"errors"
)

// Chat is what the engine needs from a chat platform. Adapters implement it.
type Chat interface {
	// CreateChannel creates a channel for an incident. name is a suggestion
	// already in the form inc-<n>-<slug>; the adapter may adjust it to the
	// platform's rules or when it is taken, and returns what it made.
	CreateChannel(ctx context.Context, name string) (Channel, error)
	// Invite adds users (platform ids) to a channel; users already in it are
	// not an error.
	Invite(ctx context.Context, channelID string, users []string) error
	// Post posts a message and returns its platform id.
	Post(ctx context.Context, channelID string, m Message) (string, error)
	// PostPrivate posts text that only user sees, where the platform allows.
	PostPrivate(ctx context.Context, channelID, user, text string) error
	// Upload posts a file in a channel with a short comment.
	Upload(ctx context.Context, channelID string, f File) error
	// SetTopic sets the channel's topic.
	SetTopic(ctx context.Context, channelID, topic string) error
	// Mention returns the platform's markup that mentions (pings) a user.
	Mention(user string) string
	// Quote makes text a person typed safe to echo: it never pings anyone
	// (@channel, @here, @everyone and the like are neutralised).
	Quote(text string) string
}

// Namer is implemented by adapters that can resolve a user id to a name.
// The postmortem uses it to show names instead of ids.
type Namer interface {
	UserName(ctx context.Context, user string) (string, error)
}

// UserChecker is implemented by adapters that can tell whether a user id
// names someone who can take part: a member of the workspace or server.
// The engine asks before it gives someone a role or an action item.
type UserChecker interface {
	// CheckUser returns nil if user can take part, an error wrapping
	// ErrUnknownUser if the platform says there is no such user (or none
	// who is a member), or another error if it could not tell.
	CheckUser(ctx context.Context, user string) error
}

// ErrUnknownUser is wrapped by UserChecker.CheckUser's error when the
// platform knows no such user.
var ErrUnknownUser = errors.New("unknown user")

// TopicCreator is implemented by adapters whose platform sets a channel's
// topic as it creates the channel (Discord, where a later topic edit is
// scarce: two per channel per 10 minutes). The engine then creates incident
// channels with their topic instead of setting it after.
type TopicCreator interface {
	CreateChannelWithTopic(ctx context.Context, name, topic string) (Channel, error)
}

// Linker is implemented by adapters whose platform links channels with
// markup (Slack and Discord: <#C123>); without it a channel is shown as
// #name.
type Linker interface {
	ChannelLink(channelID string) string
}

// Channel is a chat channel.
type Channel struct {
	ID   string
	Name string
}

// Message is a message the bot posts.
type Message struct {
	Text string
	// Buttons are shown under the message where the platform has them; a
	// press comes back as the command text in Button.Command.
	Buttons []Button
	// Pin asks for the message to be pinned in the channel.
	Pin bool
}

// Button is a message button that runs a command when pressed.
type Button struct {
	Label   string
	Command string // e.g. "ack", "update", "resolve"
	Style   string // "primary", "danger" or ""
}

// File is a document the bot posts, such as the postmortem draft.
type File struct {
	Name    string
	Title   string
	Content []byte
	Comment string
}
