package fakediscord

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// Interaction types.
const (
	InteractionCommand     = 2
	InteractionComponent   = 3
	InteractionModalSubmit = 5
)

// Interaction is an interaction the fake sent, with what the client
// answered.
type Interaction struct {
	ID        string
	Token     string
	Type      int
	ChannelID string
	UserID    string
	SentAt    time.Time // wall clock: the 3 s window is real time
	Callback  *Callback
	Edits     []CallbackData // PATCH .../messages/@original
}

// Callback is the initial response to an interaction.
type Callback struct {
	Type    int
	Data    CallbackData
	At      time.Time
	Latency time.Duration // from dispatch to callback
}

// Followup is a message sent through the interaction webhook.
type Followup struct {
	InteractionID string
	Data          CallbackData
	At            time.Time
}

// SlashCommand dispatches INTERACTION_CREATE for /command with options, as
// if user typed it in a channel. It checks the options against the
// registered command, as a Discord client would not send anything else.
func (f *Fake) SlashCommand(channelID, userID, command string, opts ...*Option) (Interaction, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var cmd *Command
	for _, c := range f.commands {
		if c.Name == command {
			cmd = c
		}
	}
	if cmd == nil {
		return Interaction{}, fmt.Errorf("fakediscord: /%s is not registered", command)
	}
	if err := checkOptions("/"+command, cmd.Options, opts); err != nil {
		return Interaction{}, err
	}
	users, members := map[string]*User{}, map[string]*Member{}
	var walk func([]*Option)
	walk = func(os []*Option) {
		for _, o := range os {
			if o.Type == OptUser {
				id, _ := o.Value.(string)
				if u := f.users[id]; u != nil {
					users[id] = u
					if m := f.members[id]; m != nil {
						mc := *m
						mc.User = nil
						members[id] = &mc
					}
				}
			}
			walk(o.Options)
		}
	}
	walk(opts)
	data := map[string]any{
		"id": cmd.ID, "name": cmd.Name, "type": 1, "guild_id": f.guildID, "options": opts,
	}
	if len(users) > 0 {
		data["resolved"] = map[string]any{"users": users, "members": members}
	}
	return f.interactLocked(InteractionCommand, channelID, userID, data, nil)
}

// checkOptions checks sent options against their definitions.
func checkOptions(path string, defs []*CommandOption, opts []*Option) error {
	for _, d := range defs {
		if d.Required && !slices.ContainsFunc(opts, func(o *Option) bool { return o.Name == d.Name }) {
			return fmt.Errorf("fakediscord: %s: required option %q missing", path, d.Name)
		}
	}
	for _, o := range opts {
		i := slices.IndexFunc(defs, func(d *CommandOption) bool { return d.Name == o.Name })
		if i < 0 {
			return fmt.Errorf("fakediscord: %s: no option %q", path, o.Name)
		}
		d := defs[i]
		if d.Type != o.Type {
			return fmt.Errorf("fakediscord: %s %s: type %d, registered as %d", path, o.Name, o.Type, d.Type)
		}
		if len(d.Choices) > 0 && !slices.ContainsFunc(d.Choices, func(c *Choice) bool { return fmt.Sprint(c.Value) == fmt.Sprint(o.Value) }) {
			return fmt.Errorf("fakediscord: %s %s: %v is not a choice", path, o.Name, o.Value)
		}
		if err := checkOptions(path+" "+o.Name, d.Options, o.Options); err != nil {
			return err
		}
	}
	return nil
}

// PressButton dispatches a component interaction for the button with
// customID on a message, pressed by user.
func (f *Fake) PressButton(channelID, messageID, userID, customID string) (Interaction, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.messageLocked(channelID, messageID)
	if m == nil {
		return Interaction{}, fmt.Errorf("fakediscord: unknown message %s", messageID)
	}
	found := false
	for _, raw := range m.Components {
		var row Component
		if json.Unmarshal(raw, &row) == nil {
			for _, c := range row.Components {
				found = found || (c.Type == 2 && c.CustomID == customID)
			}
		}
	}
	if !found {
		return Interaction{}, fmt.Errorf("fakediscord: message %s has no button %q", messageID, customID)
	}
	data := map[string]any{"custom_id": customID, "component_type": 2}
	return f.interactLocked(InteractionComponent, channelID, userID, data, f.withMemberLocked(m))
}

// SubmitModal dispatches the submission of the modal that interaction
// opened, with values by text input custom_id; inputs not in values keep
// their prefilled value. It fails like a Discord client would refuse to
// submit when a required input is empty.
func (f *Fake) SubmitModal(interactionID string, values map[string]string) (Interaction, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	opened := f.interactions[interactionID]
	if opened == nil || opened.Callback == nil || opened.Callback.Type != 9 {
		return Interaction{}, fmt.Errorf("fakediscord: interaction %s opened no modal", interactionID)
	}
	modal := opened.Callback.Data
	var rows []map[string]any
	for _, row := range modal.Components {
		for _, in := range row.Components {
			v, ok := values[in.CustomID]
			if !ok {
				v = in.Value
			}
			if in.Required != nil && *in.Required && v == "" {
				return Interaction{}, fmt.Errorf("fakediscord: required input %q is empty", in.CustomID)
			}
			rows = append(rows, map[string]any{"type": 1, "components": []map[string]any{{"type": 4, "custom_id": in.CustomID, "value": v}}})
		}
	}
	for k := range values {
		if !slices.ContainsFunc(modal.Components, func(r *Component) bool {
			return slices.ContainsFunc(r.Components, func(c *Component) bool { return c.CustomID == k })
		}) {
			return Interaction{}, fmt.Errorf("fakediscord: modal has no input %q", k)
		}
	}
	data := map[string]any{"custom_id": modal.CustomID, "components": rows}
	return f.interactLocked(InteractionModalSubmit, opened.ChannelID, opened.UserID, data, nil)
}

// interactLocked records and dispatches an interaction.
func (f *Fake) interactLocked(typ int, channelID, userID string, data any, msg *Message) (Interaction, error) {
	u := f.users[userID]
	if u == nil {
		return Interaction{}, fmt.Errorf("fakediscord: unknown user %s", userID)
	}
	c, dm := f.channelLocked(channelID), f.dmLocked(channelID)
	if c == nil && dm == nil {
		return Interaction{}, fmt.Errorf("fakediscord: unknown channel %s", channelID)
	}
	now := f.now()
	in := &Interaction{ID: f.ids.next(now), Token: "itok-" + f.ids.next(now), Type: typ, ChannelID: channelID, UserID: userID}
	payload := map[string]any{
		"id": in.ID, "application_id": f.appID, "type": typ, "data": data, "token": in.Token, "version": 1,
		"channel_id": channelID, "app_permissions": "2248473465835073", "locale": "en-US",
		"entitlements": []any{}, "authorizing_integration_owners": map[string]string{"0": f.guildID},
	}
	if dm != nil {
		// In the bot's DM: a user and no member, guild or guild locale
		// ("member is sent when the interaction is invoked in a guild, and
		// user is sent when invoked in a DM",
		// https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object);
		// context 1 is BOT_DM (InteractionContextType in
		// ../shared/specs/discord_openapi.json).
		payload["channel"], payload["user"], payload["context"] = dm, u, 1
	} else {
		mem := *f.members[userID]
		mem.User = u
		mem.Permissions = "2147483647"
		payload["guild_id"], payload["channel"], payload["member"], payload["guild_locale"], payload["context"] = f.guildID, c, &mem, "en-US", 0
	}
	if msg != nil {
		payload["message"] = msg
	}
	f.interactions[in.ID] = in
	in.SentAt = time.Now()
	if _, err := f.dispatchLocked("INTERACTION_CREATE", payload); err != nil {
		return Interaction{}, err
	}
	f.notifyLocked()
	return *in, nil
}

// Interaction returns a copy of an interaction's record.
func (f *Fake) Interaction(id string) (Interaction, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	in := f.interactions[id]
	if in == nil {
		return Interaction{}, false
	}
	return *in, true
}

// WaitCallback waits until the interaction is answered and returns the answer.
func (f *Fake) WaitCallback(ctx context.Context, id string) (Callback, error) {
	var cb Callback
	err := f.Wait(ctx, func() bool {
		in, ok := f.Interaction(id)
		if ok && in.Callback != nil {
			cb = *in.Callback
			return true
		}
		return false
	})
	return cb, err
}

// Followups returns the follow-up messages of an interaction.
func (f *Fake) Followups(interactionID string) []Followup {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Followup
	for _, fu := range f.followups {
		if fu.InteractionID == interactionID {
			out = append(out, *fu)
		}
	}
	return out
}

func (f *Fake) interactionByTokenLocked(app, token string) *Interaction {
	if app != f.appID {
		return nil
	}
	for _, in := range f.interactions {
		if in.Token == token {
			return in
		}
	}
	return nil
}

func (f *Fake) postCallback(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Type int          `json:"type"`
		Data CallbackData `json:"data"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return
	}
	now := time.Now()
	f.mu.Lock()
	defer f.mu.Unlock()
	in := f.interactions[r.PathValue("id")]
	switch {
	case in == nil || in.Token != r.PathValue("token"):
		writeError(w, http.StatusNotFound, 10062, "Unknown interaction")
		return
	case in.Callback != nil:
		writeError(w, http.StatusBadRequest, 40060, "Interaction has already been acknowledged.")
		return
	case now.Sub(in.SentAt) > f.opts.InteractionWindow:
		writeError(w, http.StatusNotFound, 10062, "Unknown interaction")
		return
	}
	if err := checkCallback(in, body.Type, &body.Data); err != nil {
		writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body: "+err.Error())
		return
	}
	in.Callback = &Callback{Type: body.Type, Data: body.Data, At: now, Latency: now.Sub(in.SentAt)}
	if body.Type == 4 && body.Data.Flags&Ephemeral == 0 {
		f.interactionMessageLocked(in, &body.Data)
	}
	f.notifyLocked()
	w.WriteHeader(http.StatusNoContent)
}

// checkCallback checks a response the way Discord does.
func checkCallback(in *Interaction, typ int, d *CallbackData) error {
	switch typ {
	case 4:
		if d.Content == "" && len(d.Components) == 0 {
			return fmt.Errorf("cannot send an empty message")
		}
		if n := len([]rune(d.Content)); n > maxMessageLength {
			return fmt.Errorf("content: must be 2000 or fewer in length (%d)", n)
		}
	case 5, 6, 7:
	case 9:
		if in.Type == InteractionModalSubmit {
			return fmt.Errorf("a modal cannot answer a modal submit")
		}
		return checkModal(d)
	default:
		return fmt.Errorf("type: %d is not a valid response type", typ)
	}
	return nil
}

func checkModal(d *CallbackData) error {
	if n := len(d.CustomID); n < 1 || n > 100 {
		return fmt.Errorf("custom_id: must be 1-100 long (%d)", n)
	}
	if n := len([]rune(d.Title)); n < 1 || n > 45 {
		return fmt.Errorf("title: must be 1-45 long (%d)", n)
	}
	if n := len(d.Components); n < 1 || n > 5 {
		return fmt.Errorf("components: must have 1-5 rows (%d)", n)
	}
	for i, row := range d.Components {
		if row.Type != 1 || len(row.Components) != 1 || row.Components[0].Type != 4 {
			return fmt.Errorf("components[%d]: must be an action row holding one text input", i)
		}
		in := row.Components[0]
		switch {
		case len(in.CustomID) < 1 || len(in.CustomID) > 100:
			return fmt.Errorf("components[%d]: custom_id must be 1-100 long", i)
		case len([]rune(in.Label)) < 1 || len([]rune(in.Label)) > 45:
			return fmt.Errorf("components[%d]: label must be 1-45 long", i)
		case in.Style != 1 && in.Style != 2:
			return fmt.Errorf("components[%d]: style must be 1 or 2", i)
		case len([]rune(in.Placeholder)) > 100:
			return fmt.Errorf("components[%d]: placeholder must be 100 or fewer long", i)
		case len([]rune(in.Value)) > 4000:
			return fmt.Errorf("components[%d]: value must be 4000 or fewer long", i)
		}
	}
	return nil
}

// interactionMessageLocked posts a public interaction response or
// follow-up into the channel, from the bot.
func (f *Fake) interactionMessageLocked(in *Interaction, d *CallbackData) *Message {
	m := f.newMessageLocked(in.ChannelID, f.bot, d.Content)
	m.Type = 20
	m.WebhookID = f.appID
	m.ApplicationID = f.appID
	m.AllowedMentions = d.AllowedMentions
	f.computeMentionsLocked(m)
	f.addMessageLocked(m, f.ownMessages)
	return m
}

func (f *Fake) postFollowup(w http.ResponseWriter, r *http.Request) {
	b, err := readMessageBody(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, 50109, err.Error())
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	in := f.interactionByTokenLocked(r.PathValue("app"), r.PathValue("token"))
	if in == nil || in.Callback == nil {
		writeError(w, http.StatusNotFound, 10015, "Unknown Webhook")
		return
	}
	if b.Content == "" && len(b.files) == 0 && len(b.Components) == 0 {
		writeError(w, http.StatusBadRequest, 50006, "Cannot send an empty message")
		return
	}
	d := CallbackData{Content: b.Content, Flags: b.Flags, AllowedMentions: b.AllowedMentions}
	f.followups = append(f.followups, &Followup{InteractionID: in.ID, Data: d, At: time.Now()})
	var m *Message
	if b.Flags&Ephemeral == 0 {
		m = f.interactionMessageLocked(in, &d)
	} else {
		m = f.newMessageLocked(in.ChannelID, f.bot, b.Content)
		m.Flags = Ephemeral
	}
	f.notifyLocked()
	writeJSON(w, http.StatusOK, m)
}

func (f *Fake) patchOriginal(w http.ResponseWriter, r *http.Request) {
	b, err := readMessageBody(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, 50109, err.Error())
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	in := f.interactionByTokenLocked(r.PathValue("app"), r.PathValue("token"))
	if in == nil || in.Callback == nil || r.PathValue("message") != "@original" {
		writeError(w, http.StatusNotFound, 10008, "Unknown Message")
		return
	}
	if in.Callback.Type != 4 && in.Callback.Type != 5 {
		writeError(w, http.StatusBadRequest, 50035, "the interaction has no original response message")
		return
	}
	d := CallbackData{Content: b.Content, Flags: in.Callback.Data.Flags, AllowedMentions: b.AllowedMentions}
	in.Edits = append(in.Edits, d)
	m := f.newMessageLocked(in.ChannelID, f.bot, b.Content)
	m.Flags = d.Flags
	f.notifyLocked()
	writeJSON(w, http.StatusOK, m)
}
