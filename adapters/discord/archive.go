package discord

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/warroom-dev/warroom/bot"
)

// Discord holds at most 50 channels in a category and 500 in a server
// (internal/fakediscord/limits.go). Incident channels live in a family of
// categories, "Incidents", then "Incidents 2" and so on as each fills up;
// closed incidents' channels move to "Incidents archive", "Incidents
// archive 2", ... (bot.Archiver), and back when reopened.
const (
	maxCategoryChannels = 50
	archiveSuffix       = " archive"
	// maxFamily bounds how many categories of one family are tried.
	maxFamily = 20
)

var _ bot.Archiver = (*Adapter)(nil)

// categoryFull reports whether Discord refused a channel in a full
// category (400, 50035, CHANNEL_PARENT_MAX_CHANNELS on parent_id).
func categoryFull(err error) bool {
	var rest *discordgo.RESTError
	return errors.As(err, &rest) && bytes.Contains(rest.ResponseBody, []byte("CHANNEL_PARENT_MAX_CHANNELS"))
}

// guildFull reports whether Discord refused a channel in a full server
// (code 30013).
func guildFull(err error) bool {
	var rest *discordgo.RESTError
	return errors.As(err, &rest) && rest.Message != nil && rest.Message.Code == discordgo.ErrCodeMaximumNumberOfGuildChannelsReached
}

// errGuildFull is what the declarer is told when the server is full.
var errGuildFull = bot.Errorf(bot.ERefused, "the server has 500 channels, the most Discord allows. "+
	"Delete channels it no longer needs; closed incidents' channels are moved to the archive categories (WARROOM_ARCHIVE_AFTER), which still count")

// errNoManageChannels is what the declarer is told when Discord refuses to
// make a channel for a missing permission.
var errNoManageChannels = bot.Errorf(bot.ERefused, "the bot lacks Discord's **Manage Channels** permission in the incident category. "+
	"A server admin can grant it to the bot's role")

// familyName is the n-th category of a family: base, base 2, base 3, ...
func familyName(base string, n int) string {
	if n == 1 {
		return base
	}
	return base + " " + strconv.Itoa(n)
}

// inFamily reports whether a category name belongs to base's family.
func inFamily(name, base string) bool {
	if strings.EqualFold(name, base) {
		return true
	}
	rest, ok := strings.CutPrefix(strings.ToLower(name), strings.ToLower(base)+" ")
	_, err := strconv.Atoi(rest)
	return ok && err == nil
}

// activeBase is the name of the incident category family: the configured
// name, or the name of the configured category id.
func (a *Adapter) activeBase(chans []*discordgo.Channel) string {
	want := a.opts.IncidentCategory
	if !isSnowflake(want) {
		return want
	}
	for _, c := range chans {
		if c.ID == want {
			return c.Name
		}
	}
	return DefaultCategory
}

// roomIn returns a category of base's family with room for one more
// channel (besides skip), creating the next one when all are full.
func (a *Adapter) roomIn(ctx context.Context, chans []*discordgo.Channel, base, skip string) (string, error) {
	count := map[string]int{}
	for _, c := range chans {
		if c.ParentID != "" && c.ID != skip {
			count[c.ParentID]++
		}
	}
	for n := 1; n <= maxFamily; n++ {
		name := familyName(base, n)
		found := false
		for _, c := range chans {
			if c.Type == discordgo.ChannelTypeGuildCategory && strings.EqualFold(c.Name, name) {
				found = true
				if count[c.ID] < maxCategoryChannels {
					return c.ID, nil
				}
			}
		}
		if found {
			continue
		}
		c, err := a.s.GuildChannelCreateComplex(a.opts.GuildID, discordgo.GuildChannelCreateData{
			Name: name, Type: discordgo.ChannelTypeGuildCategory,
		}, call(ctx, "guild_channel_create"))
		if err != nil {
			if guildFull(err) {
				return "", fmt.Errorf("create category %q: %w (%w)", name, errGuildFull, err)
			}
			return "", fmt.Errorf("create category %q: %w", name, err)
		}
		a.log.Info().Str("category", c.ID).Str("name", name).Msg("created a category")
		return c.ID, nil
	}
	return "", fmt.Errorf("every category from %q to %q is full", base, familyName(base, maxFamily))
}

// nextActiveCategory makes the next incident category with room the one
// new channels go in, after Discord said the current one is full.
func (a *Adapter) nextActiveCategory(ctx context.Context) (string, error) {
	chans, err := a.s.GuildChannels(a.opts.GuildID, call(ctx, "guild_channels"))
	if err != nil {
		return "", fmt.Errorf("list channels of guild %s: %w", a.opts.GuildID, err)
	}
	id, err := a.roomIn(ctx, chans, a.activeBase(chans), "")
	if err != nil {
		return "", err
	}
	a.mu.Lock()
	a.category = id
	a.mu.Unlock()
	return id, nil
}

// ArchiveChannel moves a channel into the archive categories. A channel
// already in one stays.
func (a *Adapter) ArchiveChannel(ctx context.Context, channelID string) error {
	return a.moveToFamily(ctx, channelID, func(active string) string { return active + archiveSuffix })
}

// UnarchiveChannel moves a channel back into the incident categories. A
// channel already in one stays.
func (a *Adapter) UnarchiveChannel(ctx context.Context, channelID string) error {
	return a.moveToFamily(ctx, channelID, func(active string) string { return active })
}

// moveToFamily moves a channel into a category of the family family(active
// base) with room, unless it is in one already. A category that filled up
// meanwhile is passed over once.
func (a *Adapter) moveToFamily(ctx context.Context, channelID string, family func(string) string) error {
	for try := 0; ; try++ {
		chans, err := a.s.GuildChannels(a.opts.GuildID, call(ctx, "guild_channels"))
		if err != nil {
			return fmt.Errorf("discord: list channels of guild %s: %w", a.opts.GuildID, err)
		}
		base := family(a.activeBase(chans))
		var ch *discordgo.Channel
		names := map[string]string{}
		for _, c := range chans {
			names[c.ID] = c.Name
			if c.ID == channelID {
				ch = c
			}
		}
		if ch == nil {
			return fmt.Errorf("discord: no channel %s in guild %s", channelID, a.opts.GuildID)
		}
		if ch.ParentID != "" && inFamily(names[ch.ParentID], base) {
			return nil
		}
		parent, err := a.roomIn(ctx, chans, base, channelID)
		if err != nil {
			return fmt.Errorf("discord: %w", err)
		}
		_, err = a.s.ChannelEdit(channelID, &discordgo.ChannelEdit{ParentID: parent},
			call(ctx, "channel_edit"), discordgo.WithRetryOnRatelimit(false))
		if err == nil {
			a.log.Info().Str("channel", channelID).Str("category", parent).Msg("moved a channel")
			return nil
		}
		if !categoryFull(err) || try > 0 {
			return fmt.Errorf("discord: move channel %s to category %s: %w", channelID, parent, err)
		}
	}
}
