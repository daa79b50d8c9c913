package slack

import (
	"context"
	"fmt"

	"github.com/warroom-dev/warroom/bot"
)

var _ bot.Archiver = (*Adapter)(nil)

// ArchiveChannel archives a closed incident's channel with
// conversations.archive (scope channels:manage or groups:write). An
// archived channel is not an error.
func (a *Adapter) ArchiveChannel(ctx context.Context, channelID string) error {
	err := a.call(ctx, "conversations.archive", func() error {
		return a.api.ArchiveConversationContext(ctx, channelID)
	})
	if err != nil && slackError(err) != "already_archived" {
		return fmt.Errorf("archive %s: %w", channelID, err)
	}
	return nil
}

// UnarchiveChannel tries conversations.unarchive. Slack does not let a bot
// token unarchive ("Bot tokens (xoxb-...) cannot currently be used to
// unarchive conversations", api.slack.com/methods/conversations.unarchive),
// so with one it says what a person can do instead, as a refusal the
// engine shows. A channel that is not archived is not an error.
func (a *Adapter) UnarchiveChannel(ctx context.Context, channelID string) error {
	err := a.call(ctx, "conversations.unarchive", func() error {
		return a.api.UnArchiveConversationContext(ctx, channelID)
	})
	switch slackError(err) {
	case "":
		if err != nil {
			return fmt.Errorf("unarchive %s: %w", channelID, err)
		}
		return nil
	case "not_archived":
		return nil
	case "user_is_bot", "not_in_channel", "missing_scope", "restricted_action":
		return fmt.Errorf("unarchive %s: %w (%w)", channelID, bot.Errorf(bot.ERefused,
			"its channel %s is archived and Slack does not let apps unarchive channels: "+
				"a member can open it (search for it, archived channels included) and choose Unarchive channel", a.ChannelLink(channelID)), err)
	}
	return fmt.Errorf("unarchive %s: %w", channelID, err)
}
