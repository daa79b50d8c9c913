package slack

// ChannelLink implements bot.Linker: Slack shows <#C123> as a link to the
// channel, with its current name.
func (a *Adapter) ChannelLink(channelID string) string { return "<#" + channelID + ">" }
