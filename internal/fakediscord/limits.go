package fakediscord

import "net/http"

// Discord's limits on channels: a category holds at most 50 channels, a
// server at most 500 (categories included). Creating or moving a channel
// into a full category is refused with 400, code 50035 and the field error
// CHANNEL_PARENT_MAX_CHANNELS on parent_id; creating one in a full server
// with 400, code 30013 "Maximum number of guild channels reached (500)"
// (Discord's JSON error codes, https://discord.com/developers/docs/topics/opcodes-and-status-codes#json).
const (
	MaxCategoryChannels = 50
	MaxGuildChannels    = 500
)

// childrenLocked counts the channels in category id, leaving out skip.
func (f *Fake) childrenLocked(id, skip string) int {
	n := 0
	for _, c := range f.channels {
		if c.ParentID != nil && *c.ParentID == id && c.ID != skip {
			n++
		}
	}
	return n
}

// writeCategoryFull answers a create or move into a full category.
func writeCategoryFull(w http.ResponseWriter) {
	writeJSON(w, http.StatusBadRequest, map[string]any{
		"message": "Invalid Form Body", "code": 50035,
		"errors": map[string]any{"parent_id": map[string]any{"_errors": []map[string]string{{
			"code": "CHANNEL_PARENT_MAX_CHANNELS", "message": "Maximum number of channels in category reached (50)",
		}}}},
	})
}
