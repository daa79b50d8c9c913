package fakediscord

// Permission bits the fake checks, from Discord's permission table.
// PIN_MESSAGES (1 << 51) was split out of MANAGE_MESSAGES in 2025
// (discord/discord-api-docs#7766, change log #7770); since early 2026
// MANAGE_MESSAGES no longer lets a bot pin or unpin.
const (
	PermManageChannels     int64 = 1 << 4
	PermViewChannel        int64 = 1 << 10
	PermSendMessages       int64 = 1 << 11
	PermManageMessages     int64 = 1 << 13
	PermAttachFiles        int64 = 1 << 15
	PermReadMessageHistory int64 = 1 << 16
	PermPinMessages        int64 = 1 << 51
)

// DefaultBotPermissions is what the fake's bot holds unless told otherwise:
// what the README's invite URL grants.
const DefaultBotPermissions = PermManageChannels | PermViewChannel | PermSendMessages |
	PermAttachFiles | PermReadMessageHistory | PermPinMessages

// SetBotPermissions sets the permissions the bot holds in every channel.
func (f *Fake) SetBotPermissions(p int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.botPerms = p
}

// botHasLocked reports whether the bot holds every permission in p.
func (f *Fake) botHasLocked(p int64) bool { return f.botPerms&p == p }
