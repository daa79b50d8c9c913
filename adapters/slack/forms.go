package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	slackgo "github.com/slack-go/slack"

	"github.com/warroom-dev/warroom/bot"
)

// callbackPrefix starts the callback_id of every modal the adapter opens.
const callbackPrefix = "warroom:"

// Slack's limits on modals.
const (
	maxViewTitle   = 24
	maxLabel       = 2000
	maxPlaceholder = 150
	maxOptions     = 100
	maxOptionText  = 75
	maxOptionValue = 150
)

// formMeta is what a modal carries in its private_metadata, to come back
// with the submission.
type formMeta struct {
	Kind       bot.FormKind `json:"kind"`
	IncidentID int64        `json:"incident_id,omitempty"`
	ChannelID  string       `json:"channel_id,omitempty"`
}

// modalView renders a form as a Slack modal: one input block per field,
// whose block_id and action_id are the field's id.
func modalView(f *bot.Form) (slackgo.ModalViewRequest, error) {
	meta, err := json.Marshal(formMeta{Kind: f.Kind, IncidentID: f.IncidentID, ChannelID: f.ChannelID})
	if err != nil {
		return slackgo.ModalViewRequest{}, fmt.Errorf("form metadata: %w", err)
	}
	text := func(s string, n int) *slackgo.TextBlockObject {
		return slackgo.NewTextBlockObject(slackgo.PlainTextType, truncateRunes(s, n), false, false)
	}
	var blocks []slackgo.Block
	for _, fl := range f.Fields {
		label := fl.Label
		if label == "" {
			label = fl.ID
		}
		var placeholder *slackgo.TextBlockObject
		if fl.Placeholder != "" {
			placeholder = text(fl.Placeholder, maxPlaceholder)
		}
		var el slackgo.BlockElement
		if len(fl.Options) > 0 {
			var opts []*slackgo.OptionBlockObject
			var initial *slackgo.OptionBlockObject
			for _, o := range fl.Options[:min(len(fl.Options), maxOptions)] {
				opt := slackgo.NewOptionBlockObject(truncate(o, maxOptionValue), text(o, maxOptionText), nil)
				if o == fl.Initial {
					initial = opt
				}
				opts = append(opts, opt)
			}
			sel := slackgo.NewOptionsSelectBlockElement(slackgo.OptTypeStatic, placeholder, fl.ID, opts...)
			sel.InitialOption = initial
			el = sel
		} else {
			in := slackgo.NewPlainTextInputBlockElement(placeholder, fl.ID)
			in.Multiline = fl.Multiline
			in.InitialValue = fl.Initial
			el = in
		}
		ib := slackgo.NewInputBlock(fl.ID, text(label, maxLabel), nil, el)
		ib.Optional = fl.Optional
		blocks = append(blocks, ib)
	}
	submit := f.Submit
	if submit == "" {
		submit = "Submit"
	}
	return slackgo.ModalViewRequest{
		Type:            slackgo.VTModal,
		Title:           text(f.Title, maxViewTitle),
		Submit:          text(submit, maxViewTitle),
		Close:           text("Cancel", maxViewTitle),
		CallbackID:      callbackPrefix + string(f.Kind),
		PrivateMetadata: string(meta),
		Blocks:          slackgo.Blocks{BlockSet: blocks},
	}, nil
}

// openForm opens f as a modal for the trigger of a command or button.
func (a *Adapter) openForm(ctx context.Context, triggerID string, f *bot.Form) error {
	view, err := modalView(f)
	if err != nil {
		return err
	}
	// No retry here: a trigger lives three seconds, so a retried call
	// would only fail with expired_trigger_id.
	_, err = a.api.OpenViewContext(ctx, triggerID, view)
	a.obs.APICall(platform, "views.open", err)
	if err != nil {
		return fmt.Errorf("open %s form: %w", f.Kind, err)
	}
	return nil
}

// submission reads a view_submission of one of the adapter's modals.
func submission(cb slackgo.InteractionCallback) (bot.Submission, bool) {
	if !strings.HasPrefix(cb.View.CallbackID, callbackPrefix) {
		return bot.Submission{}, false
	}
	var meta formMeta
	if err := json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta); err != nil {
		return bot.Submission{}, false
	}
	values := map[string]string{}
	if cb.View.State != nil {
		for blockID, actions := range cb.View.State.Values {
			for _, act := range actions {
				if act.Type == slackgo.ActionType(slackgo.OptTypeStatic) {
					values[blockID] = act.SelectedOption.Value
				} else {
					values[blockID] = act.Value
				}
			}
		}
	}
	return bot.Submission{
		Kind: meta.Kind, IncidentID: meta.IncidentID, ChannelID: meta.ChannelID,
		User: cb.User.ID, UserName: cb.User.Name, Values: values,
	}, true
}

// viewErrors is the acknowledgement payload that shows field errors in the
// modal; Slack keys them by block_id, which is the field id.
type viewErrors struct {
	ResponseAction string            `json:"response_action"`
	Errors         map[string]string `json:"errors"`
}
