package fakediscord

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"
)

func start(t *testing.T, o Options) *Fake {
	t.Helper()
	f, err := Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func call(t *testing.T, f *Fake, method, path, ctype string, body io.Reader) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, f.URL()+path, body)
	req.Header.Set("Authorization", "Bot "+f.Token())
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func TestAuthAndRateLimit(t *testing.T) {
	f := start(t, Options{})
	req, _ := http.NewRequest("GET", f.URL()+"gateway", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("no token: %d, want 401", resp.StatusCode)
	}
	f.RateLimit(RouteGateway, 1)
	resp, b := call(t, f, "GET", "gateway", "", nil)
	var rl struct {
		RetryAfter float64 `json:"retry_after"`
		Global     *bool   `json:"global"`
	}
	if resp.StatusCode != 429 || json.Unmarshal(b, &rl) != nil || rl.RetryAfter != 0.2 || rl.Global == nil || *rl.Global ||
		resp.Header.Get("X-RateLimit-Reset-After") == "" || resp.Header.Get("Retry-After") == "" {
		t.Errorf("429: %d %s %v", resp.StatusCode, b, resp.Header)
	}
	if resp, _ := call(t, f, "GET", "gateway", "", nil); resp.StatusCode != 200 {
		t.Errorf("after the injected 429: %d", resp.StatusCode)
	}
}

func TestHistoryPagingNewestFirst(t *testing.T) {
	f := start(t, Options{})
	u := f.AddUser("alice")
	ch := f.GeneralChannel()
	var ids []string
	for i := range 5 {
		m, err := f.AddHistory(ch, u.ID, strings.Repeat("x", i+1))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	_, b := call(t, f, "GET", "channels/"+ch+"/messages?after="+ids[0]+"&limit=2", "", nil)
	var page []struct {
		ID        string `json:"id"`
		Timestamp string `json:"timestamp"`
		Author    struct {
			ID string `json:"id"`
		} `json:"author"`
	}
	if err := json.Unmarshal(b, &page); err != nil {
		t.Fatal(err)
	}
	if len(page) != 2 || page[0].ID != ids[2] || page[1].ID != ids[1] {
		t.Errorf("after %s limit 2: %s, want %s then %s", ids[0], b, ids[2], ids[1])
	}
	if _, err := time.Parse(time.RFC3339, page[0].Timestamp); err != nil || page[0].Author.ID != u.ID {
		t.Errorf("timestamp %q author %q", page[0].Timestamp, page[0].Author.ID)
	}
}

// TestEditHistory: an edit made behind the bot's back shows in history
// with its edited_timestamp and is not dispatched.
func TestEditHistory(t *testing.T) {
	f := start(t, Options{})
	u := f.AddUser("alice")
	ch := f.GeneralChannel()
	m, err := f.AddHistory(ch, u.ID, "before")
	if err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	seq := f.seq
	f.mu.Unlock()
	if err := f.EditHistory(ch, m.ID, "after"); err != nil {
		t.Fatal(err)
	}
	if err := f.EditHistory(ch, "1", "x"); err == nil {
		t.Error("edited a message that does not exist")
	}
	_, b := call(t, f, "GET", "channels/"+ch+"/messages?limit=1", "", nil)
	var page []struct {
		Content         string  `json:"content"`
		EditedTimestamp *string `json:"edited_timestamp"`
	}
	if err := json.Unmarshal(b, &page); err != nil {
		t.Fatal(err)
	}
	if len(page) != 1 || page[0].Content != "after" || page[0].EditedTimestamp == nil {
		t.Fatalf("history: %s", b)
	}
	if _, err := time.Parse(time.RFC3339, *page[0].EditedTimestamp); err != nil {
		t.Errorf("edited_timestamp %q: %v", *page[0].EditedTimestamp, err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.seq != seq {
		t.Errorf("%d events dispatched, want none", f.seq-seq)
	}
}

func TestMultipartMessage(t *testing.T) {
	f := start(t, Options{})
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	p, _ := w.CreateFormField("payload_json")
	p.Write([]byte(`{"content":"the draft","allowed_mentions":{"parse":["users"]}}`))
	fw, _ := w.CreateFormFile("files[0]", "INC-1-postmortem.md")
	fw.Write([]byte("# Postmortem"))
	w.Close()
	resp, b := call(t, f, "POST", "channels/"+f.GeneralChannel()+"/messages", w.FormDataContentType(), &body)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, b)
	}
	msgs := f.Messages(f.GeneralChannel())
	if len(msgs) != 1 || len(msgs[0].Attachments) != 1 || msgs[0].Attachments[0].Filename != "INC-1-postmortem.md" ||
		string(msgs[0].Attachments[0].Data) != "# Postmortem" || msgs[0].Content != "the draft" {
		t.Errorf("recorded %+v", msgs)
	}
	r, err := http.Get(msgs[0].Attachments[0].URL)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if string(got) != "# Postmortem" {
		t.Errorf("attachment URL serves %q", got)
	}
}

func TestSnowflakesIncrease(t *testing.T) {
	var s snowflakes
	now := time.Now()
	a, b := s.next(now), s.next(now)
	if !idLess(a, b) {
		t.Errorf("%s then %s", a, b)
	}
	if got, ok := SnowflakeTime(a); !ok || got.Sub(now).Abs() > time.Millisecond {
		t.Errorf("SnowflakeTime(%s) = %v, want %v", a, got, now)
	}
}
