package fakediscord

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Routes of the REST API the fake serves, as accepted by RateLimit.
const (
	RouteGateway        = "GET /api/v9/gateway"
	RouteGatewayBot     = "GET /api/v9/gateway/bot"
	RouteGuildCommands  = "PUT /api/v9/applications/{app}/guilds/{guild}/commands"
	RouteGuildChannels  = "GET /api/v9/guilds/{guild}/channels"
	RouteCreateChannel  = "POST /api/v9/guilds/{guild}/channels"
	RouteGuildMember    = "GET /api/v9/guilds/{guild}/members/{user}"
	RouteEditChannel    = "PATCH /api/v9/channels/{channel}"
	RouteCreateMessage  = "POST /api/v9/channels/{channel}/messages"
	RouteGetMessages    = "GET /api/v9/channels/{channel}/messages"
	RoutePin            = "PUT /api/v9/channels/{channel}/pins/{message}"
	RouteCallback       = "POST /api/v9/interactions/{id}/{token}/callback"
	RouteFollowup       = "POST /api/v9/webhooks/{app}/{token}"
	RouteEditOriginal   = "PATCH /api/v9/webhooks/{app}/{token}/messages/{message}"
	RouteUser           = "GET /api/v9/users/{user}"
	RouteCreateDM       = "POST /api/v9/users/@me/channels"
	RouteChannel        = "GET /api/v9/channels/{channel}"
	RouteActiveThreads  = "GET /api/v9/guilds/{guild}/threads/active"
	RouteArchived       = "GET /api/v9/channels/{channel}/threads/archived/public"
	RouteAttachment     = "GET /attachments/{channel}/{id}/{name}"
	routeGatewaySocket  = "GET /{$}"
	maxMessageLength    = 2000
	defaultMessageLimit = 50
)

// routes builds the server's handler.
func (f *Fake) routes() http.Handler {
	mux := http.NewServeMux()
	api := map[string]http.HandlerFunc{
		RouteGateway:       f.getGateway,
		RouteGatewayBot:    f.getGateway,
		RouteGuildCommands: f.putGuildCommands,
		RouteGuildChannels: f.getGuildChannels,
		RouteCreateChannel: f.postGuildChannel,
		RouteGuildMember:   f.getGuildMember,
		RouteEditChannel:   f.patchChannel,
		RouteCreateMessage: f.postMessage,
		RouteGetMessages:   f.getMessages,
		RoutePin:           f.putPin,
		RouteCallback:      f.postCallback,
		RouteFollowup:      f.postFollowup,
		RouteEditOriginal:  f.patchOriginal,
		RouteUser:          f.getUser,
		RouteCreateDM:      f.postDM,
		RouteChannel:       f.getChannel,
		RouteActiveThreads: f.getActiveThreads,
		RouteArchived:      f.getArchivedThreads,
	}
	for route, h := range api {
		mux.Handle(route, f.api(route, h))
	}
	mux.HandleFunc(RouteAttachment, f.getAttachment)
	mux.HandleFunc(routeGatewaySocket, f.serveGateway)
	return mux
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// api wraps a REST handler with authentication, request recording and
// injected rate limits. Interaction callbacks and webhooks are not
// authenticated by the bot token, as on Discord.
func (f *Fake) api(route string, h http.HandlerFunc) http.Handler {
	webhook := route == RouteCallback || route == RouteFollowup || route == RouteEditOriginal
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			f.mu.Lock()
			f.requests = append(f.requests, Request{Method: r.Method, Path: r.URL.Path, Route: route, Status: sw.status, At: time.Now()})
			f.notifyLocked()
			f.mu.Unlock()
		}()
		if !webhook && r.Header.Get("Authorization") != "Bot "+f.opts.Token {
			writeError(sw, http.StatusUnauthorized, 0, "401: Unauthorized")
			return
		}
		f.mu.Lock()
		limited := f.limits[route] > 0
		if limited {
			f.limits[route]--
		}
		f.mu.Unlock()
		if limited {
			h := sw.Header()
			h.Set("Retry-After", "1")
			h.Set("X-RateLimit-Limit", "5")
			h.Set("X-RateLimit-Remaining", "0")
			h.Set("X-RateLimit-Reset", fmt.Sprintf("%.3f", float64(time.Now().Add(200*time.Millisecond).UnixMilli())/1000))
			h.Set("X-RateLimit-Reset-After", "0.200")
			h.Set("X-RateLimit-Bucket", "fake-"+strconv.Itoa(len(route)))
			h.Set("X-RateLimit-Scope", "user")
			writeJSON(sw, http.StatusTooManyRequests, map[string]any{
				"message": "You are being rate limited.", "retry_after": 0.2, "global": false,
			})
			return
		}
		sw.Header().Set("X-RateLimit-Limit", "5")
		sw.Header().Set("X-RateLimit-Remaining", "4")
		sw.Header().Set("X-RateLimit-Reset-After", "1.000")
		h(sw, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// writeError writes a Discord error body.
func writeError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{"message": msg, "code": code})
}

func (f *Fake) getGateway(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"url": strings.TrimSuffix(f.wsURL, "/"), "shards": 1,
		"session_start_limit": map[string]int{"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1},
	})
}

func (f *Fake) checkGuild(w http.ResponseWriter, r *http.Request) bool {
	if r.PathValue("guild") != f.guildID {
		writeError(w, http.StatusNotFound, 10004, "Unknown Guild")
		return false
	}
	return true
}

func (f *Fake) putGuildCommands(w http.ResponseWriter, r *http.Request) {
	if !f.checkGuild(w, r) {
		return
	}
	if r.PathValue("app") != f.appID {
		writeError(w, http.StatusForbidden, 50001, "Missing Access")
		return
	}
	var cmds []*Command
	if err := json.NewDecoder(r.Body).Decode(&cmds); err != nil {
		writeError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return
	}
	for _, c := range cmds {
		if err := validateCommand(c); err != nil {
			writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body: "+err.Error())
			return
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	old := map[string]string{}
	for _, c := range f.commands {
		old[c.Name] = c.ID
	}
	for _, c := range cmds {
		c.ID = old[c.Name]
		if c.ID == "" {
			c.ID = f.ids.next(f.now())
		}
		c.ApplicationID, c.GuildID, c.Version = f.appID, f.guildID, f.ids.next(f.now())
		if c.Type == 0 {
			c.Type = 1
		}
	}
	f.commands = cmds
	f.commandPUTs++
	f.notifyLocked()
	writeJSON(w, http.StatusOK, cmds)
}

// validateCommand checks what Discord checks of a chat command, as
// documented in the Application Command Object
// (https://discord.com/developers/docs/interactions/application-commands#application-command-object)
// and the ApplicationCommand*Option schemas of Discord's OpenAPI
// description (../shared/specs/discord_openapi.json): names of 1-32
// lowercase characters; descriptions of 1-100; at most 25 options per
// command, subcommand or group, and 25 choices per option; choice names of
// 1-100 characters and string values of at most 100; a string option's
// max_length of 1-6000; required options before optional ones; groups only
// at the top, subcommands only at the top or in a group, and never beside
// plain options; and at most 8000 characters for the combined name,
// description and value properties of the command, its options and
// choices.
func validateCommand(c *Command) error {
	if !validName(c.Name) {
		return fmt.Errorf("name %q: must be 1-32 lowercase characters", c.Name)
	}
	if n := utf8.RuneCountInString(c.Description); n < 1 || n > 100 {
		return fmt.Errorf("%s: description must be 1-100 characters", c.Name)
	}
	if err := validateOptions(c.Name, c.Options, 0); err != nil {
		return err
	}
	if n := combinedLength(c); n > 8000 {
		return fmt.Errorf("%s: combined name, description and value lengths are %d, more than 8000", c.Name, n)
	}
	return nil
}

// combinedLength counts what Discord counts against a command's 8000
// characters.
func combinedLength(c *Command) int {
	n := utf8.RuneCountInString(c.Name) + utf8.RuneCountInString(c.Description)
	var walk func([]*CommandOption)
	walk = func(opts []*CommandOption) {
		for _, o := range opts {
			n += utf8.RuneCountInString(o.Name) + utf8.RuneCountInString(o.Description)
			for _, ch := range o.Choices {
				n += utf8.RuneCountInString(ch.Name) + utf8.RuneCountInString(fmt.Sprint(ch.Value))
			}
			walk(o.Options)
		}
	}
	walk(c.Options)
	return n
}

func validateOptions(path string, opts []*CommandOption, depth int) error {
	if len(opts) > 25 {
		return fmt.Errorf("%s: more than 25 options", path)
	}
	optional := false
	seen := map[string]bool{}
	subs, plain := 0, 0
	for _, o := range opts {
		p := path + "." + o.Name
		if !validName(o.Name) || seen[o.Name] {
			return fmt.Errorf("%s: bad or repeated option name", p)
		}
		seen[o.Name] = true
		if n := utf8.RuneCountInString(o.Description); n < 1 || n > 100 {
			return fmt.Errorf("%s: description must be 1-100 characters", p)
		}
		if len(o.Choices) > 25 {
			return fmt.Errorf("%s: more than 25 choices", p)
		}
		for _, ch := range o.Choices {
			if n := utf8.RuneCountInString(ch.Name); n < 1 || n > 100 {
				return fmt.Errorf("%s: choice names must be 1-100 characters", p)
			}
			if v, ok := ch.Value.(string); ok && utf8.RuneCountInString(v) > 100 {
				return fmt.Errorf("%s: choice values must be at most 100 characters", p)
			}
		}
		if o.MaxLength != 0 && (o.Type != OptString || o.MaxLength < 1 || o.MaxLength > 6000) {
			return fmt.Errorf("%s: max_length must be 1-6000, on a string option", p)
		}
		switch o.Type {
		case OptSubCommand, OptSubCommandGroup:
			subs++
			if depth >= 2 || (o.Type == OptSubCommandGroup && depth != 0) {
				return fmt.Errorf("%s: subcommands nested too deep", p)
			}
			if err := validateOptions(p, o.Options, depth+1); err != nil {
				return err
			}
			continue
		}
		plain++
		if o.Required && optional {
			return fmt.Errorf("%s: required options must be placed before non-required options", p)
		}
		optional = optional || !o.Required
	}
	if subs > 0 && plain > 0 {
		return fmt.Errorf("%s: subcommands and groups cannot be mixed with other options", path)
	}
	return nil
}

func validName(s string) bool {
	if len(s) < 1 || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func (f *Fake) getGuildChannels(w http.ResponseWriter, r *http.Request) {
	if !f.checkGuild(w, r) {
		return
	}
	writeJSON(w, http.StatusOK, f.Channels())
}

func (f *Fake) postGuildChannel(w http.ResponseWriter, r *http.Request) {
	if !f.checkGuild(w, r) {
		return
	}
	var body struct {
		Name     string `json:"name"`
		Type     int    `json:"type"`
		Topic    string `json:"topic"`
		ParentID string `json:"parent_id"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return
	}
	if n := len([]rune(body.Name)); n < 1 || n > 100 {
		writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body: name must be between 1 and 100 in length.")
		return
	}
	if body.Type != ChannelText && body.Type != ChannelCategory {
		writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body: unsupported channel type")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if body.ParentID != "" {
		if p := f.channelLocked(body.ParentID); p == nil || p.Type != ChannelCategory || body.Type == ChannelCategory {
			writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body: parent_id is not a category")
			return
		}
	}
	if len(f.channels) >= MaxGuildChannels {
		writeError(w, http.StatusBadRequest, 30013, "Maximum number of guild channels reached (500)")
		return
	}
	if body.ParentID != "" && f.childrenLocked(body.ParentID, "") >= MaxCategoryChannels {
		writeCategoryFull(w)
		return
	}
	name := body.Name
	if body.Type == ChannelText {
		// Discord lowercases text channel names and turns spaces into dashes.
		name = strings.ReplaceAll(strings.ToLower(name), " ", "-")
	}
	c := f.addChannelLocked(name, body.Type, body.ParentID, body.Topic)
	writeJSON(w, http.StatusCreated, c)
}

func (f *Fake) patchChannel(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Name     *string `json:"name"`
		Topic    *string `json:"topic"`
		ParentID *string `json:"parent_id"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.channelLocked(r.PathValue("channel"))
	if c == nil {
		writeError(w, http.StatusNotFound, 10003, "Unknown Channel")
		return
	}
	if body.Topic != nil && len([]rune(*body.Topic)) > 1024 {
		writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body: topic must be 1024 or fewer in length.")
		return
	}
	if body.Name != nil && (len([]rune(*body.Name)) < 1 || len([]rune(*body.Name)) > 100) {
		writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body: name must be between 1 and 100 in length.")
		return
	}
	if body.ParentID != nil && *body.ParentID != "" {
		p := f.channelLocked(*body.ParentID)
		switch {
		case p == nil || p.Type != ChannelCategory || c.Type == ChannelCategory:
			writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body: parent_id is not a category")
			return
		case (c.ParentID == nil || *c.ParentID != p.ID) && f.childrenLocked(p.ID, c.ID) >= MaxCategoryChannels:
			writeCategoryFull(w)
			return
		}
	}
	if body.Name != nil || body.Topic != nil {
		if wait := f.renameWaitLocked(c.ID); wait > 0 {
			writeRenameLimited(w, wait)
			return
		}
	}
	if body.Topic != nil {
		t := *body.Topic
		c.Topic = &t
	}
	if body.Name != nil {
		c.Name = *body.Name
	}
	if body.ParentID != nil && *body.ParentID != "" {
		parent := *body.ParentID
		c.ParentID = &parent
	}
	f.notifyLocked()
	writeJSON(w, http.StatusOK, c)
}

// messageBody is the JSON of a message create or webhook execute.
type messageBody struct {
	Content         string            `json:"content"`
	Flags           int               `json:"flags"`
	Components      []json.RawMessage `json:"components"`
	Embeds          []json.RawMessage `json:"embeds"`
	AllowedMentions *AllowedMentions  `json:"allowed_mentions"`
	files           []*Attachment
}

// readMessageBody reads a JSON or multipart/form-data message body.
func readMessageBody(r *http.Request) (*messageBody, error) {
	var b messageBody
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
			return nil, fmt.Errorf("bad JSON: %w", err)
		}
		return &b, nil
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("bad multipart body: %w", err)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, err
		}
		switch name := p.FormName(); {
		case name == "payload_json":
			if err := json.Unmarshal(data, &b); err != nil {
				return nil, fmt.Errorf("bad payload_json: %w", err)
			}
		case strings.HasPrefix(name, "files["):
			b.files = append(b.files, &Attachment{Filename: p.FileName(), Size: len(data), ContentType: p.Header.Get("Content-Type"), Data: data})
		}
	}
	return &b, nil
}

func (f *Fake) postMessage(w http.ResponseWriter, r *http.Request) {
	b, err := readMessageBody(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, 50109, err.Error())
		return
	}
	if b.Content == "" && len(b.files) == 0 && len(b.Embeds) == 0 && len(b.Components) == 0 {
		writeError(w, http.StatusBadRequest, 50006, "Cannot send an empty message")
		return
	}
	if len([]rune(b.Content)) > maxMessageLength {
		writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body: content must be 2000 or fewer in length.")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	id := r.PathValue("channel")
	dm := f.dmLocked(id)
	if dm != nil {
		if f.closedDMs[dm.Recipients[0].ID] {
			writeError(w, http.StatusForbidden, 50007, "Cannot send messages to this user")
			return
		}
	} else if c := f.channelLocked(id); c == nil || (c.Type != ChannelText && !isThread(c)) {
		writeError(w, http.StatusNotFound, 10003, "Unknown Channel")
		return
	} else if err := f.unarchiveLocked(c, true); err != nil {
		writeError(w, http.StatusBadRequest, 50083, "Thread is archived")
		return
	}
	m := f.newMessageLocked(id, f.bot, b.Content)
	m.Components = b.Components
	m.Embeds = b.Embeds
	m.AllowedMentions = b.AllowedMentions
	f.attachLocked(m, b.files)
	f.computeMentionsLocked(m)
	if dm != nil {
		// A DM is in no guild, and its events need the DIRECT_MESSAGES
		// intent, which the bot does not ask for.
		m.GuildID = ""
		f.addMessageLocked(m, false)
	} else {
		f.addMessageLocked(m, f.ownMessages)
	}
	writeJSON(w, http.StatusOK, m)
}

// attachLocked gives uploaded files ids and URLs and adds them to m.
func (f *Fake) attachLocked(m *Message, files []*Attachment) {
	for _, a := range files {
		a.ID = f.ids.next(f.now())
		a.URL = fmt.Sprintf("%s/attachments/%s/%s/%s", f.url, m.ChannelID, a.ID, a.Filename)
		a.ProxyURL = a.URL
		m.Attachments = append(m.Attachments, a)
	}
}

func (f *Fake) getAttachment(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, m := range f.history[r.PathValue("channel")] {
		for _, a := range m.Attachments {
			if a.ID == r.PathValue("id") {
				w.Header().Set("Content-Type", a.ContentType)
				w.Write(a.Data)
				return
			}
		}
	}
	http.NotFound(w, r)
}

func (f *Fake) getMessages(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := defaultMessageLimit
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body: limit must be between 1 and 100")
			return
		}
		limit = n
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.channelLocked(r.PathValue("channel"))
	if c == nil {
		writeError(w, http.StatusNotFound, 10003, "Unknown Channel")
		return
	}
	h := f.history[c.ID]
	var page []*Message
	switch after, before := q.Get("after"), q.Get("before"); {
	case after != "":
		i := sort.Search(len(h), func(i int) bool { return idLess(after, h[i].ID) })
		page = h[i:min(i+limit, len(h))]
	case before != "":
		i := sort.Search(len(h), func(i int) bool { return !idLess(h[i].ID, before) })
		page = h[max(0, i-limit):i]
	default:
		page = h[max(0, len(h)-limit):]
	}
	// Discord returns the page newest first, whatever the direction.
	out := make([]*Message, len(page))
	for i, m := range page {
		out[len(page)-1-i] = m
	}
	writeJSON(w, http.StatusOK, out)
}

func (f *Fake) putPin(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.messageLocked(r.PathValue("channel"), r.PathValue("message"))
	if m == nil {
		writeError(w, http.StatusNotFound, 10008, "Unknown Message")
		return
	}
	// Pinning takes PIN_MESSAGES; MANAGE_MESSAGES no longer does (see
	// permissions.go).
	if !f.botHasLocked(PermPinMessages) {
		writeError(w, http.StatusForbidden, 50013, "Missing Permissions")
		return
	}
	if !m.Pinned {
		m.Pinned = true
		// Discord announces a pin with a system message from the pinner.
		sys := f.newMessageLocked(m.ChannelID, f.bot, "")
		sys.Type = 6
		f.addMessageLocked(sys, f.ownMessages)
	}
	w.WriteHeader(http.StatusNoContent)
}

func (f *Fake) getUser(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	u := f.users[r.PathValue("user")]
	if r.PathValue("user") == "@me" {
		u = f.bot
	}
	f.mu.Unlock()
	if u == nil {
		writeError(w, http.StatusNotFound, 10013, "Unknown User")
		return
	}
	writeJSON(w, http.StatusOK, u)
}

// getGuildMember answers GET /guilds/{guild}/members/{user}: 404 with code
// 10007 Unknown Member for anyone not in the guild, as Discord does
// (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json).
// getUser's 10013 Unknown User is the same table's.
func (f *Fake) getGuildMember(w http.ResponseWriter, r *http.Request) {
	if !f.checkGuild(w, r) {
		return
	}
	f.mu.Lock()
	m := f.members[r.PathValue("user")]
	f.mu.Unlock()
	if m == nil {
		writeError(w, http.StatusNotFound, 10007, "Unknown Member")
		return
	}
	writeJSON(w, http.StatusOK, m)
}
