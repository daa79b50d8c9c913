package fakediscord

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestThreads checks the thread model: a thread is a channel with its
// parent's id, left out of the guild's channels; its messages carry its own
// id; it is listed as active, then archived; a message unarchives it.
func TestThreads(t *testing.T) {
	now := time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC)
	f := start(t, Options{Now: func() time.Time { now = now.Add(time.Second); return now }})
	parent := f.AddChannel("inc-1", ChannelText, "")
	alice := f.AddUser("alice")
	th, err := f.StartThread(parent, alice.ID, "db failover")
	if err != nil {
		t.Fatal(err)
	}
	if th.Type != ChannelPublicThread || th.ParentID == nil || *th.ParentID != parent {
		t.Fatalf("thread = %+v, want a public thread of %s", th, parent)
	}
	m, err := f.UserMessage(th.ID, alice.ID, "lag 3s")
	if err != nil || m.ChannelID != th.ID {
		t.Fatalf("UserMessage in thread = %+v, %v; want channel_id %s", m, err, th.ID)
	}
	if ps := f.Messages(parent); len(ps) != 1 || ps[0].Type != MessageThreadCreated {
		t.Errorf("parent messages = %+v, want only the THREAD_CREATED notice", ps)
	}

	_, b := call(t, f, "GET", "guilds/"+f.GuildID()+"/channels", "", nil)
	if strings.Contains(string(b), th.ID) {
		t.Errorf("guild channels list the thread: %s", b)
	}
	resp, b := call(t, f, "GET", "channels/"+th.ID, "", nil)
	var got Channel
	if resp.StatusCode != 200 || json.Unmarshal(b, &got) != nil || got.ParentID == nil || *got.ParentID != parent || got.ThreadMetadata == nil {
		t.Errorf("GET channel of the thread = %d %s", resp.StatusCode, b)
	}
	resp, b = call(t, f, "GET", "channels/"+th.ID+"/messages", "", nil)
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"lag 3s"`) || !strings.Contains(string(b), `"channel_id":"`+th.ID+`"`) {
		t.Errorf("thread messages = %d %s", resp.StatusCode, b)
	}

	type list struct {
		Threads []Channel `json:"threads"`
		HasMore bool      `json:"has_more"`
	}
	get := func(path string) list {
		t.Helper()
		resp, b := call(t, f, "GET", path, "", nil)
		var l list
		if resp.StatusCode != 200 || json.Unmarshal(b, &l) != nil {
			t.Fatalf("GET %s = %d %s", path, resp.StatusCode, b)
		}
		return l
	}
	if l := get("guilds/" + f.GuildID() + "/threads/active"); len(l.Threads) != 1 || l.Threads[0].ID != th.ID {
		t.Errorf("active threads = %+v", l)
	}
	if l := get("channels/" + parent + "/threads/archived/public"); len(l.Threads) != 0 {
		t.Errorf("archived threads before archiving = %+v", l)
	}
	if err := f.ArchiveThread(th.ID); err != nil {
		t.Fatal(err)
	}
	if l := get("guilds/" + f.GuildID() + "/threads/active"); len(l.Threads) != 0 {
		t.Errorf("active threads after archiving = %+v", l)
	}
	if l := get("channels/" + parent + "/threads/archived/public"); len(l.Threads) != 1 || !l.Threads[0].ThreadMetadata.Archived || l.HasMore {
		t.Errorf("archived threads = %+v", l)
	}
	if l := get("channels/" + parent + "/threads/archived/public?before=" + now.Add(-time.Hour).Format(time.RFC3339)); len(l.Threads) != 0 {
		t.Errorf("archived before an hour ago = %+v", l)
	}
	if resp, _ := call(t, f, "GET", "channels/"+parent+"/threads/archived/public?limit=1", "", nil); resp.StatusCode != 400 {
		t.Errorf("limit 1: %d, want 400", resp.StatusCode)
	}
	if _, err := f.UserMessage(th.ID, alice.ID, "back"); err != nil {
		t.Fatal(err)
	}
	if ts := f.Threads(); ts[0].ThreadMetadata.Archived {
		t.Error("a message left the thread archived")
	}
}
