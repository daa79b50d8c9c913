package console

import (
	"bufio"
	"context"
	_ "embed"
	"fmt"
	"strings"

	"github.com/warroom-dev/warroom/bot"
)

// Demo is the transcript `warroom demo` plays: a P1 checkout outage after
// a bad deploy, from the first alert to the closed postmortem, every line
// timestamped, so that its postmortem shows the times of the story and
// `warroom console < demo.txt` replays the same incident.
//
//go:embed demo.txt
var Demo string

// Play carries out the lines of a transcript in turn, as Run would, but
// stops at the first line the console cannot carry out; the bot's answers
// to commands (a usage message, say) do not stop it.
func (a *Adapter) Play(ctx context.Context, h bot.Handler, transcript string) error {
	sc := bufio.NewScanner(strings.NewReader(transcript))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		if err := a.Exec(ctx, h, sc.Text()); err != nil {
			return fmt.Errorf("line %d %q: %w", n, sc.Text(), err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read transcript: %w", err)
	}
	return nil
}
