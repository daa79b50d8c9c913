package console

import (
	"context"
	"fmt"
	"strings"

	"github.com/warroom-dev/warroom/bot"
)

var _ bot.DirectMessenger = (*Adapter)(nil)

// DirectMessage implements bot.DirectMessenger: it prints the message as
// a direct message to user, with its buttons as commands.
func (a *Adapter) DirectMessage(ctx context.Context, user string, m bot.Message) (string, error) {
	id, err := a.remember(ctx, message{channel: "@" + user, user: "warroom", text: m.Text, at: a.clock.Now(), self: true})
	if err != nil {
		return "", err
	}
	a.printf("[DM to @%s] warroom (%s): %s", user, id, indent(m.Text))
	if len(m.Buttons) > 0 {
		labels := make([]string, len(m.Buttons))
		for i, b := range m.Buttons {
			labels[i] = fmt.Sprintf("[%s: %s %s]", b.Label, a.command, b.Command)
		}
		a.printf("    %s", strings.Join(labels, " "))
	}
	return id, nil
}
