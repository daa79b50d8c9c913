package fakediscord

import (
	"encoding/json"
	"net/http"
)

// ChannelDM is the type of a direct message channel.
const ChannelDM = 1

// DMChannel is a direct message channel as the API sends it
// (https://discord.com/developers/docs/resources/channel#channel-object,
// type 1: an id, the recipients, no guild).
type DMChannel struct {
	ID            string  `json:"id"`
	Type          int     `json:"type"`
	LastMessageID *string `json:"last_message_id"`
	Flags         int     `json:"flags"`
	Recipients    []*User `json:"recipients"`
}

// postDM creates the bot's DM channel with recipient_id, or returns the
// one that exists, as Create DM does
// (https://discord.com/developers/docs/resources/user#create-dm). An
// unknown user is 10013 Unknown User
// (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json-json-error-codes).
// Whether the user accepts DMs shows only when a message is sent: 50007
// Cannot send messages to this user (see CloseDMs).
func (f *Fake) postDM(w http.ResponseWriter, r *http.Request) {
	var body struct {
		RecipientID string `json:"recipient_id"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.RecipientID == "" {
		writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body: recipient_id is required.")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.users[body.RecipientID]
	if u == nil {
		writeError(w, http.StatusBadRequest, 10013, "Unknown User")
		return
	}
	dm := f.dms[u.ID]
	if dm == nil {
		dm = &DMChannel{ID: f.ids.next(f.now()), Type: ChannelDM, Recipients: []*User{u}}
		f.dms[u.ID] = dm
		f.notifyLocked()
	}
	writeJSON(w, http.StatusOK, dm)
}

// dmLocked returns the DM channel with id, or nil.
func (f *Fake) dmLocked(id string) *DMChannel {
	for _, dm := range f.dms {
		if dm.ID == id {
			return dm
		}
	}
	return nil
}

// CloseDMs makes user refuse direct messages from the bot, as a user who
// turned off DMs from server members does.
func (f *Fake) CloseDMs(user string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closedDMs[user] = true
}

// DirectMessages returns copies of the messages the bot sent user
// directly, oldest first.
func (f *Fake) DirectMessages(user string) []Message {
	f.mu.Lock()
	dm := f.dms[user]
	f.mu.Unlock()
	if dm == nil {
		return nil
	}
	return f.Messages(dm.ID)
}
