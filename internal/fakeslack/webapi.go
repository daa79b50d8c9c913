package fakeslack

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// request is one Web API call, decoded.
type request struct {
	method string
	form   url.Values
	json   map[string]json.RawMessage
	token  string
}

// apiError is an error answered as {"ok":false,"error":code}.
type apiError string

func (e apiError) Error() string { return string(e) }

// obj is a JSON object answered to a call.
type obj = map[string]any

// handler answers one method. It is called with s.mu held.
type handler func(s *Server, r *request) (obj, error)

var handlers = map[string]handler{
	"auth.test":                    (*Server).authTest,
	"apps.connections.open":        (*Server).connectionsOpen,
	"chat.postMessage":             (*Server).postMessage,
	"chat.postEphemeral":           (*Server).postEphemeral,
	"chat.update":                  (*Server).chatUpdate,
	"conversations.create":         (*Server).conversationsCreate,
	"conversations.open":           (*Server).conversationsOpen,
	"conversations.invite":         (*Server).conversationsInvite,
	"conversations.setTopic":       (*Server).conversationsSetTopic,
	"conversations.rename":         (*Server).conversationsRename,
	"conversations.archive":        (*Server).conversationsArchive,
	"conversations.unarchive":      (*Server).conversationsUnarchive,
	"conversations.history":        (*Server).conversationsHistory,
	"conversations.replies":        (*Server).conversationsReplies,
	"conversations.info":           (*Server).conversationsInfo,
	"pins.add":                     (*Server).pinsAdd,
	"users.info":                   (*Server).usersInfo,
	"usergroups.users.list":        (*Server).usergroupsUsersList,
	"views.open":                   (*Server).viewsOpen,
	"files.getUploadURLExternal":   (*Server).getUploadURLExternal,
	"files.completeUploadExternal": (*Server).completeUploadExternal,
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	req, body, err := decodeRequest(method, r)
	call := Call{Method: method, Params: url.Values{}, At: time.Now()}
	if req != nil {
		for k, v := range req.form {
			if k != "token" {
				call.Params[k] = v
			}
		}
		if req.json != nil {
			call.Body = body
		}
	}
	if err != nil {
		s.answer(w, call, http.StatusBadRequest, nil, apiError("invalid_form_data"))
		return
	}

	slow, limited, retryAfter, failCode := s.takeFault(method)
	if ch := call.Params.Get("channel"); ch != "" && !limited {
		if _, l, ra, _ := s.takeFault(method + " " + ch); l {
			limited, retryAfter = true, ra
		}
	}
	if slow > 0 {
		select {
		case <-time.After(slow):
		case <-r.Context().Done():
			return
		}
	}
	if !s.waitHold(r.Context(), method) {
		return
	}
	if limited {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
		s.answer(w, call, http.StatusTooManyRequests, nil, apiError("ratelimited"))
		return
	}

	h := handlers[method]
	if h == nil {
		s.answer(w, call, http.StatusOK, nil, apiError("unknown_method"))
		return
	}
	s.mu.Lock()
	botToken, appToken := s.botToken, s.appToken
	s.mu.Unlock()
	if code := checkToken(method, req.token, botToken, appToken); code != "" {
		s.answer(w, call, http.StatusOK, nil, apiError(code))
		return
	}
	if failCode != "" {
		s.answer(w, call, http.StatusOK, nil, apiError(failCode))
		return
	}
	s.mu.Lock()
	res, err := h(s, req)
	s.mu.Unlock()
	s.answer(w, call, http.StatusOK, res, err)
}

// answer writes an ok or error body and records the call.
func (s *Server) answer(w http.ResponseWriter, call Call, status int, res obj, err error) {
	if res == nil {
		res = obj{}
	}
	res["ok"] = err == nil
	if err != nil {
		call.Error = err.Error()
		res["error"] = err.Error()
	}
	call.Status = status
	s.mu.Lock()
	s.calls = append(s.calls, call)
	s.notifyLocked()
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(res)
}

// decodeRequest reads a form or JSON call and its token.
func decodeRequest(method string, r *http.Request) (*request, []byte, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, nil, err
	}
	req := &request{method: method, form: url.Values{}}
	if r.Method == http.MethodGet {
		req.form = r.URL.Query()
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		if len(body) > 0 {
			if err := json.Unmarshal(body, &req.json); err != nil {
				return req, body, err
			}
		}
		if req.json == nil {
			req.json = map[string]json.RawMessage{}
		}
		for k, v := range req.json {
			var str string
			if json.Unmarshal(v, &str) == nil {
				req.form.Set(k, str)
			}
		}
	case "application/x-www-form-urlencoded", "":
		if len(body) > 0 {
			v, err := url.ParseQuery(string(body))
			if err != nil {
				return req, body, err
			}
			for k, vs := range v {
				req.form[k] = vs
			}
		}
	}
	req.token = req.form.Get("token")
	if a := r.Header.Get("Authorization"); strings.HasPrefix(a, "Bearer ") {
		req.token = strings.TrimPrefix(a, "Bearer ")
	}
	return req, body, nil
}

// checkToken returns the error code for a wrong token, or "".
func checkToken(method, token, botToken, appToken string) string {
	want := botToken
	if method == "apps.connections.open" {
		want = appToken
	}
	switch {
	case token == "":
		return "not_authed"
	case token == want:
		return ""
	case strings.HasPrefix(token, "xapp-") || strings.HasPrefix(token, "xoxb-"):
		if token[:5] != want[:5] {
			return "not_allowed_token_type"
		}
	}
	return "invalid_auth"
}

func (s *Server) authTest(r *request) (obj, error) {
	return obj{
		"url": "https://fake.slack.com/", "team": "Fake", "user": BotName,
		"team_id": TeamID, "user_id": BotUserID, "bot_id": BotID,
	}, nil
}

// channelFor returns the channel named by the "channel" parameter, which
// the bot must be in.
func (s *Server) channelFor(r *request, key string) (*channel, error) {
	id := r.form.Get(key)
	if id == "" {
		return nil, apiError("channel_not_found")
	}
	c := s.channels[id]
	if c == nil {
		return nil, apiError("channel_not_found")
	}
	if !c.isMember(BotUserID) {
		if c.private {
			return nil, apiError("channel_not_found")
		}
		return nil, apiError("not_in_channel")
	}
	return c, nil
}

func (s *Server) postMessage(r *request) (obj, error) {
	c, err := s.channelFor(r, "channel")
	if err != nil {
		return nil, err
	}
	if c.archived {
		return nil, apiError("is_archived")
	}
	text, blocks := r.form.Get("text"), r.form.Get("blocks")
	switch {
	case text == "" && blocks == "":
		return nil, apiError("no_text")
	case utf8.RuneCountInString(text) > 40000:
		return nil, apiError("msg_too_long")
	}
	if blocks != "" {
		var bs []json.RawMessage
		if json.Unmarshal([]byte(blocks), &bs) != nil || len(bs) > 50 {
			return nil, apiError("invalid_blocks")
		}
	}
	m := &Message{TS: s.tsLocked(), User: BotUserID, BotID: BotID, Text: text, ThreadTS: r.form.Get("thread_ts")}
	if blocks != "" {
		m.Blocks = []byte(blocks)
	}
	if m.ThreadTS != "" && c.message(m.ThreadTS) == nil {
		return nil, apiError("thread_not_found")
	}
	s.appendLocked(c, m)
	if s.echoBot {
		s.deliverLocked(s.messageEnvelopeLocked(c, m, ""))
	}
	return obj{"channel": c.id, "ts": m.TS, "message": messageJSON(m)}, nil
}

func (s *Server) postEphemeral(r *request) (obj, error) {
	c, err := s.channelFor(r, "channel")
	if err != nil {
		return nil, err
	}
	if c.archived {
		return nil, apiError("is_archived")
	}
	user, text := r.form.Get("user"), r.form.Get("text")
	switch {
	case s.users[user] == nil:
		return nil, apiError("user_not_found")
	case !c.isMember(user):
		return nil, apiError("user_not_in_channel")
	case text == "" && r.form.Get("blocks") == "":
		return nil, apiError("no_text")
	}
	s.ephemerals = append(s.ephemerals, Ephemeral{Channel: c.id, User: user, Text: text})
	return obj{"message_ts": s.tsLocked()}, nil
}

func (s *Server) chatUpdate(r *request) (obj, error) {
	c, err := s.channelFor(r, "channel")
	if err != nil {
		return nil, err
	}
	if c.archived {
		return nil, apiError("is_archived")
	}
	m := c.message(r.form.Get("ts"))
	switch {
	case m == nil:
		return nil, apiError("message_not_found")
	case m.BotID != BotID:
		return nil, apiError("cant_update_message")
	}
	prev := *m
	m.Text = r.form.Get("text")
	if b := r.form.Get("blocks"); b != "" {
		m.Blocks = []byte(b)
	}
	m.Edited = s.tsLocked()
	s.notifyLocked()
	if s.echoBot {
		s.deliverLocked(s.changedEnvelopeLocked(c, m, &prev))
	}
	return obj{"channel": c.id, "ts": m.TS, "text": m.Text}, nil
}

var channelName = regexp.MustCompile(`^[a-z0-9_-]+$`)

// checkChannelName applies Slack's rules for a channel name, which
// conversations.create and conversations.rename share.
func checkChannelName(name string) error {
	switch {
	case name == "":
		return apiError("invalid_name_required")
	case len(name) > 80:
		return apiError("invalid_name_maxlength")
	case !channelName.MatchString(name):
		return apiError("invalid_name_specials")
	}
	return nil
}

func (s *Server) conversationsCreate(r *request) (obj, error) {
	name := r.form.Get("name")
	if err := checkChannelName(name); err != nil {
		return nil, err
	}
	if s.byName[name] != "" {
		return nil, apiError("name_taken")
	}
	c := s.newChannel(name, r.form.Get("is_private") == "true", []string{BotUserID})
	c.creator = BotUserID
	return obj{"channel": channelJSON(c)}, nil
}

// conversationsRename answers conversations.rename
// (https://api.slack.com/methods/conversations.rename): the same name
// rules as conversations.create, name_taken for another channel's name,
// and not_authorized unless the bot created the channel ("only the user
// that originally created a channel or an Admin may rename it").
func (s *Server) conversationsRename(r *request) (obj, error) {
	c, err := s.channelFor(r, "channel")
	if err != nil {
		return nil, err
	}
	name := r.form.Get("name")
	if err := checkChannelName(name); err != nil {
		return nil, err
	}
	switch {
	case s.byName[name] != "" && s.byName[name] != c.id:
		return nil, apiError("name_taken")
	case c.creator != BotUserID:
		return nil, apiError("not_authorized")
	}
	delete(s.byName, c.name)
	c.name = name
	s.byName[name] = c.id
	s.notifyLocked()
	return obj{"channel": channelJSON(c)}, nil
}

func (s *Server) conversationsInvite(r *request) (obj, error) {
	c, err := s.channelFor(r, "channel")
	if err != nil {
		return nil, err
	}
	if c.archived {
		return nil, apiError("is_archived")
	}
	users := strings.Split(r.form.Get("users"), ",")
	if r.form.Get("users") == "" {
		return nil, apiError("no_user")
	}
	for _, u := range users {
		switch {
		case u == BotUserID:
			return nil, apiError("cant_invite_self")
		case s.users[u] == nil:
			return nil, apiError("user_not_found")
		case c.isMember(u):
			return nil, apiError("already_in_channel")
		}
	}
	for _, u := range users {
		if !c.isMember(u) {
			c.members = append(c.members, u)
		}
	}
	s.notifyLocked()
	return obj{"channel": channelJSON(c)}, nil
}

func (s *Server) conversationsSetTopic(r *request) (obj, error) {
	c, err := s.channelFor(r, "channel")
	if err != nil {
		return nil, err
	}
	if c.archived {
		return nil, apiError("is_archived")
	}
	// The topic is kept, and shown, exactly as sent: it "does not support
	// formatting or linkification" (conversations.setTopic in Slack's Web
	// API spec), so <@U123> reads as those characters, not a name, and
	// &amp; as &amp;, not &.
	topic := r.form.Get("topic")
	if utf8.RuneCountInString(topic) > 250 {
		return nil, apiError("too_long")
	}
	c.topic = topic
	// Slack posts a channel_topic message, which comes back as an event.
	m := &Message{TS: s.tsLocked(), User: BotUserID, Subtype: "channel_topic", Text: "set the channel topic: " + topic}
	s.appendLocked(c, m)
	if s.echoBot {
		s.deliverLocked(s.messageEnvelopeLocked(c, m, ""))
	}
	return obj{"channel": channelJSON(c)}, nil
}

func (s *Server) conversationsInfo(r *request) (obj, error) {
	c := s.channels[r.form.Get("channel")]
	if c == nil || (c.private && !c.isMember(BotUserID)) {
		return nil, apiError("channel_not_found")
	}
	return obj{"channel": channelJSON(c)}, nil
}

// historyPage pages msgs, sorted newest first, the way Slack's cursors do:
// the cursor is the ts of the last message of the previous page.
func historyPage(r *request, msgs []*Message, newestFirst bool) (page []*Message, next string, err error) {
	oldest, latest := int64(0), int64(1<<62)
	if v := r.form.Get("oldest"); v != "" {
		if oldest, _ = ParseTS(v); oldest < 0 {
			oldest = 0
		}
	}
	if v := r.form.Get("latest"); v != "" {
		latest, _ = ParseTS(v)
	}
	inclusive := r.form.Get("inclusive") == "1" || r.form.Get("inclusive") == "true"
	limit := 100
	if v := r.form.Get("limit"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			limit = min(n, 999)
		}
	}
	var after int64 = -1
	if cur := r.form.Get("cursor"); cur != "" {
		ts, ok := ParseTS(strings.TrimPrefix(cur, "bmV4dF90czo"))
		if !ok {
			return nil, "", apiError("invalid_cursor")
		}
		after = ts
	}
	var sel []*Message
	for _, m := range msgs {
		ts, _ := ParseTS(m.TS)
		if ts < oldest || ts > latest || (!inclusive && (ts == oldest || ts == latest)) {
			continue
		}
		sel = append(sel, m)
	}
	sort.Slice(sel, func(i, j int) bool {
		a, _ := ParseTS(sel[i].TS)
		b, _ := ParseTS(sel[j].TS)
		if newestFirst {
			return a > b
		}
		return a < b
	})
	if after >= 0 {
		i := sort.Search(len(sel), func(i int) bool {
			ts, _ := ParseTS(sel[i].TS)
			if newestFirst {
				return ts < after
			}
			return ts > after
		})
		sel = sel[i:]
	}
	if len(sel) > limit {
		// The cursor is opaque to clients; this one reads "next_ts:" in
		// base64 followed by the ts.
		return sel[:limit], "bmV4dF90czo" + sel[limit-1].TS, nil
	}
	return sel, "", nil
}

func (s *Server) conversationsHistory(r *request) (obj, error) {
	c, err := s.channelFor(r, "channel")
	if err != nil {
		return nil, err
	}
	page, next, err := historyPage(r, c.history, true)
	if err != nil {
		return nil, err
	}
	msgs := make([]obj, len(page))
	for i, m := range page {
		msgs[i] = messageJSON(m)
	}
	return obj{
		"messages": msgs, "has_more": next != "", "pin_count": len(c.pins),
		"response_metadata": obj{"next_cursor": next},
	}, nil
}

func (s *Server) conversationsReplies(r *request) (obj, error) {
	c, err := s.channelFor(r, "channel")
	if err != nil {
		return nil, err
	}
	parent := c.message(r.form.Get("ts"))
	if parent == nil {
		return nil, apiError("thread_not_found")
	}
	all := append([]*Message{parent}, c.replies[parent.TS]...)
	page, next, err := historyPage(r, all, false)
	if err != nil {
		return nil, err
	}
	msgs := make([]obj, len(page))
	for i, m := range page {
		msgs[i] = messageJSON(m)
	}
	return obj{"messages": msgs, "has_more": next != "", "response_metadata": obj{"next_cursor": next}}, nil
}

func (s *Server) pinsAdd(r *request) (obj, error) {
	c, err := s.channelFor(r, "channel")
	if err != nil {
		return nil, err
	}
	if c.archived {
		return nil, apiError("is_archived")
	}
	ts := r.form.Get("timestamp")
	switch {
	case ts == "":
		return nil, apiError("no_item_specified")
	case c.message(ts) == nil:
		return nil, apiError("message_not_found")
	case contains(c.pins, ts):
		return nil, apiError("already_pinned")
	}
	c.pins = append(c.pins, ts)
	s.notifyLocked()
	return obj{}, nil
}

// usersInfo answers users.info: user_not_found for an id that names no one
// in the workspace (https://api.slack.com/methods/users.info, and its
// error enum in ../shared/specs/slack_web_openapi_v2.json); a deactivated
// account is still found, with deleted set.
func (s *Server) usersInfo(r *request) (obj, error) {
	u := s.users[r.form.Get("user")]
	if u == nil {
		return nil, apiError("user_not_found")
	}
	return obj{"user": obj{
		"id": u.ID, "team_id": TeamID, "name": u.Name, "real_name": u.RealName, "is_bot": u.IsBot, "deleted": u.Deleted,
		"profile": obj{"real_name": u.RealName, "display_name": u.Name},
	}}, nil
}

// usergroupsUsersList answers usergroups.users.list
// (https://api.slack.com/methods/usergroups.users.list): the member ids of
// the user group named by usergroup, which is required; no_such_subteam
// for a group the workspace does not have.
func (s *Server) usergroupsUsersList(r *request) (obj, error) {
	id := r.form.Get("usergroup")
	if id == "" {
		return nil, apiError("invalid_arguments")
	}
	users, ok := s.usergroups[id]
	if !ok {
		return nil, apiError("no_such_subteam")
	}
	return obj{"users": append([]string{}, users...)}, nil
}

func (s *Server) getUploadURLExternal(r *request) (obj, error) {
	name := r.form.Get("filename")
	n, err := strconv.Atoi(r.form.Get("length"))
	if name == "" || err != nil || n <= 0 {
		return nil, apiError("invalid_arguments")
	}
	id := s.nextIDLocked("F")
	s.files[id] = &File{ID: id, Name: name, Length: n}
	s.fileOrder = append(s.fileOrder, id)
	return obj{"upload_url": s.hs.URL + "/upload/" + id, "file_id": id}, nil
}

// serveUpload takes the multipart POST of a file to its upload URL.
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/upload/")
	f, _, err := r.FormFile("file")
	if err != nil {
		http.Error(w, "no file field", http.StatusBadRequest)
		return
	}
	defer f.Close()
	content, err := io.ReadAll(f)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	file := s.files[id]
	if file == nil || file.Complete {
		http.NotFound(w, r)
		return
	}
	file.Content = content
	s.notifyLocked()
	_, _ = io.WriteString(w, "OK - "+strconv.Itoa(len(content)))
}

func (s *Server) completeUploadExternal(r *request) (obj, error) {
	var refs []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(r.form.Get("files")), &refs); err != nil || len(refs) == 0 {
		return nil, apiError("invalid_arguments")
	}
	var c *channel
	if r.form.Get("channel_id") != "" {
		var err error
		if c, err = s.channelFor(r, "channel_id"); err != nil {
			return nil, err
		}
	}
	for _, ref := range refs {
		f := s.files[ref.ID]
		if f == nil || f.Content == nil || f.Complete {
			return nil, apiError("file_not_found")
		}
		if len(f.Content) != f.Length {
			return nil, apiError("file_upload_size_mismatch")
		}
	}
	out := make([]obj, 0, len(refs))
	m := &Message{User: BotUserID, BotID: BotID, Subtype: "file_share", Text: r.form.Get("initial_comment"), ThreadTS: r.form.Get("thread_ts")}
	for _, ref := range refs {
		f := s.files[ref.ID]
		f.Title, f.Comment, f.Complete = ref.Title, m.Text, true
		if f.Title == "" {
			f.Title = f.Name
		}
		if c != nil {
			f.Channel = c.id
		}
		m.Files = append(m.Files, FileRef{ID: f.ID, Name: f.Name, Title: f.Title, Permalink: s.hs.URL + "/files/" + f.ID})
		out = append(out, obj{"id": f.ID, "title": f.Title})
	}
	if c != nil {
		m.TS = s.tsLocked()
		s.appendLocked(c, m)
		if s.echoBot {
			s.deliverLocked(s.messageEnvelopeLocked(c, m, ""))
		}
	}
	s.notifyLocked()
	return obj{"files": out}, nil
}

// serveResponseURL takes a post to a response_url.
func (s *Server) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Text         string `json:"text"`
		ResponseType string `json:"response_type"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.triggers["resp:"+r.URL.Path] {
		http.NotFound(w, r)
		return
	}
	s.responses = append(s.responses, Response{URL: s.hs.URL + r.URL.Path, Text: body.Text, ResponseType: body.ResponseType})
	s.notifyLocked()
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"ok":true}`)
}

func channelJSON(c *channel) obj {
	if c.im != "" {
		return obj{"id": c.id, "is_im": true, "is_open": true, "user": c.im, "created": c.created}
	}
	return obj{
		"id": c.id, "name": c.name, "name_normalized": c.name,
		"is_channel": !c.private, "is_group": c.private, "is_private": c.private,
		"created": c.created, "creator": c.creator, "is_member": c.isMember(BotUserID),
		"topic":       obj{"value": c.topic, "creator": BotUserID},
		"num_members": len(c.members),
	}
}

func messageJSON(m *Message) obj {
	o := obj{"type": "message", "ts": m.TS, "text": m.Text}
	if m.User != "" {
		o["user"] = m.User
	}
	if m.BotID != "" {
		o["bot_id"] = m.BotID
		if m.BotID == BotID {
			o["app_id"] = AppID
		}
	}
	if m.Username != "" {
		o["username"] = m.Username
	}
	if m.BotName != "" {
		o["bot_profile"] = obj{"id": m.BotID, "name": m.BotName}
	}
	if m.Subtype != "" {
		o["subtype"] = m.Subtype
	}
	if m.ThreadTS != "" {
		o["thread_ts"] = m.ThreadTS
	}
	if m.ReplyCount > 0 {
		o["reply_count"] = m.ReplyCount
		o["latest_reply"] = m.LatestReply
	}
	if m.Edited != "" {
		o["edited"] = obj{"user": m.User, "ts": m.Edited}
	}
	if len(m.Blocks) > 0 {
		o["blocks"] = json.RawMessage(m.Blocks)
	}
	if len(m.Files) > 0 {
		fs := make([]obj, len(m.Files))
		for i, f := range m.Files {
			fs[i] = obj{"id": f.ID, "name": f.Name, "title": f.Title, "permalink": f.Permalink, "mode": "hosted"}
		}
		o["files"] = fs
		o["upload"] = true
	}
	return o
}
