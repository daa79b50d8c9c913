package discord

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/warroom-dev/warroom/bot"
)

// Custom id prefixes: a button carries the command it runs, a modal the
// form it is and where it came from.
const (
	buttonPrefix = "wr:cmd:"
	formPrefix   = "wr:form:"
)

// Discord's limits on what an interaction answer may hold.
const (
	maxContent     = 2000
	maxModalTitle  = 45
	maxModalFields = 5
	maxLabel       = 45
	maxPlaceholder = 100
	maxCustomID    = 100
	// privateFor is how long an interaction token can send follow-ups
	// (Discord allows 15 minutes).
	privateFor = 14 * time.Minute
)

// reply is what the adapter answers an interaction with.
type reply struct {
	text string
	form *bot.Form
}

// onInteraction handles INTERACTION_CREATE. It runs on the gateway's
// goroutine, so it hands the work to a new one at once, counted in
// a.work: Run waits for it.
func (a *Adapter) onInteraction(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	h, ctx := a.handler()
	if h == nil || ic.Interaction == nil {
		return
	}
	i := ic.Interaction
	d := a.received(interactionKind(i.Type))
	q, err := a.translateInteraction(i)
	if err != nil {
		a.log.Warn().Err(err).Str("interaction", i.ID).Msg("an interaction that is not ours; left unanswered")
		return
	}
	a.rememberName(q.user, q.userName)
	a.rememberPrivate(i, q.user, i.ChannelID)
	a.work.Add(1)
	go func() {
		defer a.work.Done()
		switch {
		case q.unreadable != nil:
			a.log.Warn().Err(q.unreadable).Str("interaction", i.ID).Msg("unexpected command data")
			a.answer(ctx, d, i, func(context.Context) reply {
				return reply{text: "I could not read that command (" + q.unreadable.Error() + "). Try /" + CommandName + " help."}
			})
		case q.req != nil:
			a.command(ctx, h, d, i, *q.req)
		case q.sub != nil:
			a.submit(ctx, h, d, i, *q.sub)
		}
	}()
}

// command runs a command and answers with its private text or its form.
func (a *Adapter) command(ctx context.Context, h bot.Handler, d *delivery, i *discordgo.Interaction, req bot.Request) {
	start := time.Now()
	a.answer(ctx, d, i, func(ctx context.Context) reply {
		req := a.commandInThread(i, req)
		resp := h.Command(ctx, req)
		a.log.Debug().Str("interaction", i.ID).Str("command", firstWord(req.Text)).Str("code", resp.Code).
			Dur("took", time.Since(start)).Msg("command")
		return reply{text: resp.Text, form: resp.Form}
	})
}

// submit hands a modal's values to the engine.
func (a *Adapter) submit(ctx context.Context, h bot.Handler, d *delivery, i *discordgo.Interaction, sub bot.Submission) {
	a.answer(ctx, d, i, func(ctx context.Context) reply {
		fieldErrs, err := h.Submit(ctx, sub)
		switch {
		case err != nil:
			return reply{text: bot.ErrorMessage(err)}
		case len(fieldErrs) > 0:
			return reply{text: a.fieldErrors(sub.Kind, fieldErrs)}
		}
		return reply{text: "Submitted."}
	})
}

// fieldErrors lists what was wrong with a submitted form.
func (a *Adapter) fieldErrors(kind bot.FormKind, errs map[string]string) string {
	a.mu.Lock()
	labels := a.labels[kind]
	a.mu.Unlock()
	ids := make([]string, 0, len(errs))
	for id := range errs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b strings.Builder
	b.WriteString("Nothing was saved. Please fix, then submit again:")
	for _, id := range ids {
		name := labels[id]
		if name == "" {
			name = id
		}
		fmt.Fprintf(&b, "\n• %s: %s", name, errs[id])
	}
	return b.String()
}

// answer runs work and answers the interaction inside Discord's window:
// directly when work is done within DeferAfter, else by deferring at once
// and editing the deferred answer when work is done. The first answer
// (the direct one, or the deferral) is what counts as d's acknowledgement.
// It returns only once work has returned.
func (a *Adapter) answer(ctx context.Context, d *delivery, i *discordgo.Interaction, work func(context.Context) reply) {
	done := make(chan reply, 1)
	go func() { done <- work(ctx) }()
	late := a.opts.deferNow
	if late == nil {
		t := time.NewTimer(a.opts.DeferAfter)
		defer t.Stop()
		late = t.C
	}
	select {
	case r := <-done:
		a.respond(ctx, d, i, r)
	case <-late:
		err := a.s.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral},
		}, call(ctx, "interaction_respond"))
		if err != nil {
			a.log.Error().Err(err).Str("interaction", i.ID).Msg("deferring an interaction")
		} else {
			a.acked(d)
		}
		r := <-done
		if r.form != nil {
			// A modal can only be the first answer.
			r = reply{text: "That took too long to open a form; please run the command again."}
		}
		chunks := split(orDone(r.text), maxContent)
		if _, err := a.s.InteractionResponseEdit(i, &discordgo.WebhookEdit{
			Content: &chunks[0], AllowedMentions: allowedMentions(),
		}, call(ctx, "interaction_response_edit")); err != nil {
			a.log.Error().Err(err).Str("interaction", i.ID).Msg("answering a deferred interaction")
		}
		a.followUp(ctx, i, chunks[1:])
	case <-ctx.Done():
		// Unanswered, but the work runs against the store: Run returns
		// only once it is done.
		<-done
	}
}

// respond answers an interaction directly.
func (a *Adapter) respond(ctx context.Context, d *delivery, i *discordgo.Interaction, r reply) {
	var resp *discordgo.InteractionResponse
	var rest []string
	if r.form != nil && i.Type != discordgo.InteractionModalSubmit {
		resp = &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: a.modal(r.form)}
	} else {
		chunks := split(orDone(r.text), maxContent)
		rest = chunks[1:]
		resp = &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{
				Content: chunks[0], Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: allowedMentions(),
			},
		}
	}
	if err := a.s.InteractionRespond(i, resp, call(ctx, "interaction_respond")); err != nil {
		a.log.Error().Err(err).Str("interaction", i.ID).Msg("answering an interaction")
		return
	}
	a.acked(d)
	a.followUp(ctx, i, rest)
}

// followUp sends more ephemeral messages after an answer.
func (a *Adapter) followUp(ctx context.Context, i *discordgo.Interaction, chunks []string) {
	for _, c := range chunks {
		if _, err := a.s.FollowupMessageCreate(i, true, &discordgo.WebhookParams{
			Content: c, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: allowedMentions(),
		}, call(ctx, "followup_message_create")); err != nil {
			a.log.Error().Err(err).Str("interaction", i.ID).Msg("sending a follow-up")
			return
		}
	}
}

// modal builds a Discord modal from a form. Discord modals hold at most
// five text inputs; a choice becomes a text input prefilled with its
// initial option and listing the others.
func (a *Adapter) modal(f *bot.Form) *discordgo.InteractionResponseData {
	labels := map[string]string{}
	var rows []discordgo.MessageComponent
	for n, fd := range f.Fields {
		labels[fd.ID] = fd.Label
		if n == maxModalFields {
			a.log.Warn().Str("form", string(f.Kind)).Int("fields", len(f.Fields)).Msg("Discord modals hold five fields; the rest are left out")
			break
		}
		style := discordgo.TextInputShort
		if fd.Multiline {
			style = discordgo.TextInputParagraph
		}
		ph := fd.Placeholder
		if len(fd.Options) > 0 {
			ph = "One of: " + strings.Join(fd.Options, ", ")
		}
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.TextInput{
			CustomID: fd.ID, Label: truncate(fd.Label, maxLabel), Style: style,
			Placeholder: truncate(ph, maxPlaceholder), Value: fd.Initial, Required: !fd.Optional,
		}}})
	}
	a.mu.Lock()
	a.labels[f.Kind] = labels
	a.mu.Unlock()
	title := f.Title
	if title == "" {
		title = "Incident"
	}
	return &discordgo.InteractionResponseData{
		CustomID:   formID(f),
		Title:      truncate(title, maxModalTitle),
		Components: rows,
	}
}

// formID carries a form's kind, incident and channel in a modal custom id.
func formID(f *bot.Form) string {
	return formPrefix + string(f.Kind) + ":" + strconv.FormatInt(f.IncidentID, 10) + ":" + f.ChannelID
}

// parseFormID reads a custom id written by formID into a Submission.
func parseFormID(id string) (bot.Submission, error) {
	rest, ok := strings.CutPrefix(id, formPrefix)
	parts := strings.Split(rest, ":")
	if !ok || len(parts) != 3 {
		return bot.Submission{}, fmt.Errorf("custom id %q is no form of ours", id)
	}
	n, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return bot.Submission{}, fmt.Errorf("custom id %q: incident: %w", id, err)
	}
	return bot.Submission{Kind: bot.FormKind(parts[0]), IncidentID: n, ChannelID: parts[2]}, nil
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return w
}

func orDone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "Done."
	}
	return s
}

// truncate shortens s to at most n characters.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// split cuts s into pieces of at most n characters, at line breaks where it
// can. It returns at least one piece.
func split(s string, n int) []string {
	var out []string
	r := []rune(s)
	for len(r) > n {
		cut := n
		for j := n; j > n/2; j-- {
			if r[j-1] == '\n' {
				cut = j
				break
			}
		}
		out = append(out, string(r[:cut]))
		r = r[cut:]
	}
	return append(out, string(r))
}

// privateTarget is a recent interaction whose token can still send
// ephemeral follow-ups to its user.
type privateTarget struct {
	i  *discordgo.Interaction
	at time.Time
}

func (a *Adapter) rememberPrivate(i *discordgo.Interaction, user, channelID string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := time.Now()
	for k, t := range a.private {
		if now.Sub(t.at) > privateFor {
			delete(a.private, k)
		}
	}
	a.private[user+"/"+channelID] = privateTarget{i: i, at: now}
}
