package discord

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/warroom-dev/warroom/bot"
)

// platform names Discord to the Observer.
const platform = "discord"

// Kinds of delivery reported to the Observer: gateway dispatches by event
// name, interactions by type.
const (
	kindMessageCreate      = "message_create"
	kindMessageUpdate      = "message_update"
	kindMessageDelete      = "message_delete"
	kindReactionAdd        = "message_reaction_add"
	kindApplicationCommand = "application_command"
	kindMessageComponent   = "message_component"
	kindModalSubmit        = "modal_submit"
	kindInteraction        = "interaction"
)

// interactionKind names an interaction type for the Observer.
func interactionKind(t discordgo.InteractionType) string {
	switch t {
	case discordgo.InteractionApplicationCommand:
		return kindApplicationCommand
	case discordgo.InteractionMessageComponent:
		return kindMessageComponent
	case discordgo.InteractionModalSubmit:
		return kindModalSubmit
	}
	return kindInteraction
}

// delivery is one gateway dispatch or interaction the adapter handles:
// its kind and time of receipt, and how many of its engine events are
// still to be recorded. Discord has no acknowledgement to send, so a
// delivery counts as acknowledged (EventAcked) once all its events are
// recorded, or once its interaction is answered.
type delivery struct {
	kind   string
	at     time.Time
	left   atomic.Int32
	failed atomic.Bool
	acked  atomic.Bool
}

// received reports a delivery to the Observer.
func (a *Adapter) received(kind string) *delivery {
	a.obs.EventReceived(platform, kind)
	return &delivery{kind: kind, at: time.Now()}
}

// acked reports that d was recorded or answered, once. A nil d (history
// read back by catch-up, which is no delivery) reports nothing.
func (a *Adapter) acked(d *delivery) {
	if d == nil || !d.acked.CompareAndSwap(false, true) {
		return
	}
	a.obs.EventAcked(platform, d.kind, time.Since(d.at))
}

// methodKey is the context key of a REST call's method name.
type methodKey struct{}

// call returns the option every REST call of the adapter carries: its
// context, tagged with the method name the Observer is told of each HTTP
// attempt (discordgo retries a rate-limited call by itself, so only the
// transport sees every attempt).
func call(ctx context.Context, method string) discordgo.RequestOption {
	return discordgo.WithContext(context.WithValue(ctx, methodKey{}, method))
}

// observed is the HTTP transport of the adapter's discordgo session: it
// reports every request to the Observer, named by call, and as failed when
// it got no answer or a 4xx or 5xx one (a 429 included).
type observed struct {
	next http.RoundTripper
	obs  bot.Observer
}

// RoundTrip implements http.RoundTripper.
func (t observed) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	var callErr error
	switch {
	case err != nil:
		callErr = err
	case resp.StatusCode >= 400:
		callErr = statusError(resp.StatusCode)
	}
	t.obs.APICall(platform, methodOf(req), callErr)
	return resp, err
}

// methodOf names a request for the Observer: the name call gave it, or,
// for the requests discordgo makes by itself, what it asks for. The URL
// is never used as a name: interaction webhooks carry a token in it.
func methodOf(req *http.Request) string {
	if m, ok := req.Context().Value(methodKey{}).(string); ok {
		return m
	}
	switch {
	case strings.HasSuffix(req.URL.Path, "/gateway"):
		return "gateway"
	case strings.HasSuffix(req.URL.Path, "/gateway/bot"):
		return "gateway_bot"
	}
	return "other"
}

// statusError is an HTTP error status, as the Observer is told it.
type statusError int

func (e statusError) Error() string {
	return fmt.Sprintf("HTTP %d %s", int(e), http.StatusText(int(e)))
}
