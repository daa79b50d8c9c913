package slack

import (
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

func TestChannelLink(t *testing.T) {
	var l bot.Linker = &Adapter{}
	if got := l.ChannelLink("C042"); got != "<#C042>" {
		t.Errorf("ChannelLink = %q", got)
	}
}
