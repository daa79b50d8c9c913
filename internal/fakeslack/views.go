package fakeslack

import (
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"
)

// View is a modal the bot opened with views.open.
type View struct {
	ID              string
	TriggerID       string
	User            string // who the trigger belonged to
	Title           string
	Submit          string
	CallbackID      string
	PrivateMetadata string
	Inputs          []Input
	// Closed says the modal is gone: a submission was acknowledged in time
	// without errors. Errors are the field errors of the last in-time ack
	// that had some; the modal stays open with them.
	Closed bool
	Errors map[string]string
	blocks json.RawMessage
}

// viewSubmissionDeadline is how long Slack waits for the ack of a
// view_submission: "you only have 3 seconds to respond before Slack
// registers a timeout error" (https://docs.slack.dev/tools/bolt-python/concepts/acknowledge).
// A late ack is ignored: the user sees an error in the modal, which stays
// open, and may submit it again.
const viewSubmissionDeadline = 3 * time.Second

// answerViewLocked applies an in-time ack of a submission of view id: no
// payload (or response_action clear) closes the modal, errors keep it open
// and show them.
func (s *Server) answerViewLocked(id string, payload json.RawMessage) {
	var v *View
	for _, x := range s.views {
		if x.ID == id {
			v = x
		}
	}
	if v == nil {
		return
	}
	var p struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	if len(payload) > 0 {
		_ = json.Unmarshal(payload, &p)
	}
	switch p.ResponseAction {
	case "errors":
		v.Errors = p.Errors
	case "", "clear":
		v.Closed, v.Errors = true, nil
	}
}

// Input is an input block of a modal.
type Input struct {
	BlockID     string
	ActionID    string
	Type        string // plain_text_input or static_select
	Label       string
	Placeholder string
	Multiline   bool
	Optional    bool
	Options     []string // option values of a static_select
	Initial     string   // initial_value or initial_option value
}

// Views returns every modal opened, in order.
func (s *Server) Views() []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]View, len(s.views))
	for i, v := range s.views {
		out[i] = *v
	}
	return out
}

type textObj struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type viewJSON struct {
	Type            string   `json:"type"`
	Title           *textObj `json:"title"`
	Submit          *textObj `json:"submit"`
	Close           *textObj `json:"close"`
	CallbackID      string   `json:"callback_id"`
	PrivateMetadata string   `json:"private_metadata"`
	Blocks          []struct {
		Type     string   `json:"type"`
		BlockID  string   `json:"block_id"`
		Label    *textObj `json:"label"`
		Optional bool     `json:"optional"`
		Element  *struct {
			Type         string   `json:"type"`
			ActionID     string   `json:"action_id"`
			Multiline    bool     `json:"multiline"`
			Placeholder  *textObj `json:"placeholder"`
			InitialValue string   `json:"initial_value"`
			Options      []struct {
				Text  textObj `json:"text"`
				Value string  `json:"value"`
			} `json:"options"`
			InitialOption *struct {
				Value string `json:"value"`
			} `json:"initial_option"`
		} `json:"element"`
	} `json:"blocks"`
}

// invalid is Slack's answer to a view that breaks its limits.
func invalid(format string, args ...any) error {
	return apiError("invalid_arguments: " + fmt.Sprintf(format, args...))
}

func tooLong(t *textObj, n int) bool { return t != nil && utf8.RuneCountInString(t.Text) > n }

func (s *Server) viewsOpen(r *request) (obj, error) {
	trigger := r.form.Get("trigger_id")
	switch used, known := s.triggers["trig:"+trigger]; {
	case trigger == "" || !known:
		return nil, apiError("invalid_trigger_id")
	case !used:
		return nil, apiError("expired_trigger_id")
	}
	var v viewJSON
	if err := json.Unmarshal(r.json["view"], &v); err != nil {
		return nil, invalid("view: %v", err)
	}
	// Slack's documented limits for modals.
	switch {
	case v.Type != "modal":
		return nil, invalid("view.type must be modal")
	case v.Title == nil || v.Title.Text == "" || tooLong(v.Title, 24):
		return nil, invalid("view.title must be 1..24 characters")
	case tooLong(v.Submit, 24) || tooLong(v.Close, 24):
		return nil, invalid("view.submit and view.close must be at most 24 characters")
	case len(v.Blocks) > 100:
		return nil, invalid("at most 100 blocks")
	case len(v.PrivateMetadata) > 3000:
		return nil, invalid("private_metadata must be at most 3000 characters")
	case len(v.CallbackID) > 255:
		return nil, invalid("callback_id must be at most 255 characters")
	}
	view := &View{
		ID: s.nextIDLocked("V"), TriggerID: trigger, User: s.triggerUser[trigger],
		Title: v.Title.Text, CallbackID: v.CallbackID, PrivateMetadata: v.PrivateMetadata,
		blocks: nil,
	}
	if v.Submit != nil {
		view.Submit = v.Submit.Text
	}
	var raw struct {
		Blocks json.RawMessage `json:"blocks"`
	}
	_ = json.Unmarshal(r.json["view"], &raw)
	view.blocks = raw.Blocks
	hasInput := false
	seen := map[string]bool{}
	for i, b := range v.Blocks {
		if b.BlockID != "" {
			if seen[b.BlockID] {
				return nil, invalid("block_id %q is not unique", b.BlockID)
			}
			seen[b.BlockID] = true
		}
		if b.Type != "input" {
			continue
		}
		hasInput = true
		el := b.Element
		switch {
		case b.Label == nil || b.Label.Text == "" || tooLong(b.Label, 2000):
			return nil, invalid("blocks[%d].label must be 1..2000 characters", i)
		case el == nil || el.ActionID == "":
			return nil, invalid("blocks[%d].element needs an action_id", i)
		case tooLong(el.Placeholder, 150):
			return nil, invalid("blocks[%d].element.placeholder must be at most 150 characters", i)
		}
		in := Input{
			BlockID: b.BlockID, ActionID: el.ActionID, Type: el.Type, Label: b.Label.Text,
			Multiline: el.Multiline, Optional: b.Optional, Initial: el.InitialValue,
		}
		if el.Placeholder != nil {
			in.Placeholder = el.Placeholder.Text
		}
		switch el.Type {
		case "plain_text_input":
		case "static_select":
			if len(el.Options) == 0 || len(el.Options) > 100 {
				return nil, invalid("blocks[%d].element.options must have 1..100 options", i)
			}
			for j, o := range el.Options {
				if o.Text.Text == "" || utf8.RuneCountInString(o.Text.Text) > 75 || len(o.Value) > 150 {
					return nil, invalid("blocks[%d].element.options[%d] text must be 1..75 and value at most 150 characters", i, j)
				}
				in.Options = append(in.Options, o.Value)
			}
			if el.InitialOption != nil {
				if !contains(in.Options, el.InitialOption.Value) {
					return nil, invalid("blocks[%d].element.initial_option is not one of the options", i)
				}
				in.Initial = el.InitialOption.Value
			}
		default:
			return nil, invalid("blocks[%d].element.type %q is not supported by the fake", i, el.Type)
		}
		in.BlockID = b.BlockID
		view.Inputs = append(view.Inputs, in)
	}
	if hasInput && v.Submit == nil {
		return nil, invalid("a view with inputs needs a submit button")
	}
	s.triggers["trig:"+trigger] = false
	s.views = append(s.views, view)
	s.notifyLocked()
	return obj{"view": obj{
		"id": view.ID, "team_id": TeamID, "type": "modal", "callback_id": view.CallbackID,
		"private_metadata": view.PrivateMetadata, "title": v.Title, "blocks": raw.Blocks,
		"app_id": AppID, "bot_id": BotID, "hash": "h-" + view.ID,
	}}, nil
}

// SendViewSubmission submits the modal viewID as user with values keyed by
// block_id (for a select, the option value). A missing value is submitted
// empty. It fails for an unknown view or a value no option has.
func (s *Server) SendViewSubmission(viewID, user string, values map[string]string) (*Envelope, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var v *View
	for _, x := range s.views {
		if x.ID == viewID {
			v = x
		}
	}
	if v == nil {
		return nil, fmt.Errorf("no view %s", viewID)
	}
	if v.Closed {
		return nil, fmt.Errorf("view %s is closed: its submission was acknowledged", viewID)
	}
	state := obj{}
	for _, in := range v.Inputs {
		val, ok := values[in.BlockID]
		var action obj
		switch in.Type {
		case "static_select":
			action = obj{"type": "static_select", "selected_option": nil}
			if ok && val != "" {
				if !contains(in.Options, val) {
					return nil, fmt.Errorf("view %s: %q is not an option of %s", viewID, val, in.BlockID)
				}
				action["selected_option"] = obj{"text": obj{"type": "plain_text", "text": val}, "value": val}
			}
		default:
			action = obj{"type": in.Type, "value": nil}
			if ok {
				action["value"] = val
			}
		}
		state[in.BlockID] = obj{in.ActionID: action}
	}
	trigger, _ := s.newTriggerLocked(user)
	e := s.newEnvelopeLocked("interactive", obj{
		"type": "view_submission", "token": "fake-verification", "api_app_id": AppID,
		"team":       obj{"id": TeamID, "domain": "fake"},
		"user":       obj{"id": user, "username": s.userNameLocked(user), "name": s.userNameLocked(user), "team_id": TeamID},
		"trigger_id": trigger,
		"view": obj{
			"id": v.ID, "team_id": TeamID, "type": "modal", "callback_id": v.CallbackID,
			"private_metadata": v.PrivateMetadata, "hash": "h-" + v.ID,
			"title":  obj{"type": "plain_text", "text": v.Title},
			"blocks": v.blocks, "state": obj{"values": state},
			"app_id": AppID, "bot_id": BotID,
		},
		"response_urls": []obj{},
	}, true)
	e.TriggerID = trigger
	e.viewID, e.deadline = v.ID, viewSubmissionDeadline
	return s.deliverLocked(e), nil
}
