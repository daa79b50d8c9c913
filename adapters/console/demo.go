package console

import (
	"context"
	"fmt"
	"time"

	"github.com/warroom-dev/warroom/bot"
)

// Step is one step of a scripted session: wait (moving the clock), then
// type a line.
type Step struct {
	Wait time.Duration
	Line string
}

// DemoStart is when the demo incident begins, in UTC.
var DemoStart = time.Date(2026, time.March, 14, 9, 58, 0, 0, time.UTC)

// DemoUsers are the people of the demo, known to the console before they
// type (alice gives carol a role before carol says anything).
var DemoUsers = []string{"alice", "bob", "carol", "dave"}

// Demo is the scripted incident `warroom demo` plays: a P1 checkout outage
// after a bad deploy, from the first alert to the closed postmortem.
var Demo = []Step{
	{0, "#ops-alerts alice: grafana alert: checkout 5xx above 5% in eu-west since 09:52"},
	{time.Minute, `alice: /incident declare "Checkout errors in EU" --sev P1 --started 09:52 --detected 09:58 --via alert`},
	{time.Minute, "alice: /incident role comms @carol"},
	{0, "alice: /incident role tier1 @bob"},
	{0, "bob: /join"},
	{time.Minute, "bob: /incident ack"},
	{time.Minute, "bob: error rate 12% on checkout-api, began right after deploy 4811 went out at 09:50"},
	{time.Minute, "bob: /edit last error rate 12% on checkout-api, began right after deploy 4812 went out at 09:50"},
	{0, "alice: /incident role tier2 @dave"},
	{0, "dave: /join"},
	{2 * time.Minute, "dave: checkout-db-2 connection pool is saturated: 5/5 in use, 300 waiting"},
	{time.Minute, "bob: rolling back deploy 4812 now"},
	{time.Minute, "dave: /file pool-saturation.png https://grafana.example.com/d/checkout-db?from=0952"},
	{time.Minute, "carol: /incident update --status identified --next 20m --changes \"deploy 4812 suspected\" --mitigation \"rollback started\" EU customers see failed checkouts; status page updated"},
	{0, "carol: /incident comms status-page Checkout failures for some EU customers; a fix is rolling out. Next update 10:30"},
	{0, "bob: /incident sev P7"},
	{21 * time.Minute, "bob: rollback complete, error rate falling: 3%, 1%, 0.2%"},
	{time.Minute, "alice: /pin @bob"},
	{time.Minute, "alice: /incident mitigated"},
	{time.Minute, "dave: found it: 4812 changed the pool size default from 50 to 5"},
	{0, "dave: I think someone fat-fingered it"},
	{time.Minute, "dave: /delete last"},
	{time.Minute, `alice: /incident event "Root cause confirmed: DB pool default changed in deploy 4812"`},
	{2 * time.Minute, "carol: /incident update --status monitoring --changes \"rolled back 4812\" --mitigation \"error rate back to 0.1% for 10 minutes\" watching before we resolve"},
	{0, "carol: /incident comms customers EU checkout is working again; failed orders can be retried"},
	{10 * time.Minute, "alice: /incident resolve Rolled back deploy 4812; pool size back to 50"},
	{time.Minute, `alice: /incident impact "About 12% of EU checkout attempts failed for 41 minutes (09:52-10:33); roughly 3,100 orders failed"`},
	{0, `alice: /incident summary "A config default in deploy 4812 shrank the checkout DB connection pool from 50 to 5, so checkout-api ran out of connections under normal EU load. Rolling back restored service."`},
	{0, "alice: /incident why checkout-api requests failed: no database connections were free"},
	{0, "alice: /incident why the pool had 5 connections instead of 50"},
	{0, "alice: /incident why deploy 4812 changed the pool size default in the shared config library"},
	{0, "alice: /incident why the change was not flagged in review: defaults live far from the services that use them"},
	{0, "alice: /incident why no test or canary checks pool capacity under production load"},
	{0, "alice: /incident why --chain not-caught pool saturation had no alert, only the 5xx rate did"},
	{0, "alice: /incident why --chain not-caught the 5xx alert waits five minutes above 5%"},
	{0, "alice: /incident service checkout-api"},
	{0, "alice: /incident service checkout-db"},
	{0, "alice: /incident lesson well the rollback was one command and took 20 minutes"},
	{0, "alice: /incident lesson wrong we learned of the pool from a dashboard, not an alert"},
	{0, "alice: /incident lesson lucky it happened before the EU evening peak"},
	{0, "alice: /incident cause technical connection pool size comes from a library default instead of service config"},
	{0, "alice: /incident cause process config-library changes skip the canary stage"},
	{0, "alice: /incident cause monitoring pool saturation had no alert; we learned from 5xx rates six minutes in"},
	{0, `alice: /incident action add "Alert on DB connection pool saturation above 80%" @dave --due 2026-03-21 --prio P1 --type prevent`},
	{0, `alice: /incident action add "Pin pool size in checkout-api service config" @bob --due 2026-03-18 --prio P0 --type mitigate`},
	{0, `alice: /incident action add "Route config-library releases through canary" @carol --due 2026-04-01 --prio P2 --type process`},
	{0, "bob: /incident action done 2"},
	{0, "alice: /incident action list"},
	{time.Minute, "alice: /incident close"},
}

// Play runs steps through the console: before each line it moves the
// clock by the step's wait, calling tick after each minute so that
// reminders fall due as they would in real time.
func (a *Adapter) Play(ctx context.Context, h bot.Handler, steps []Step, advance func(time.Duration), tick func(context.Context) error) error {
	for _, s := range steps {
		for left := s.Wait; left > 0; left -= time.Minute {
			advance(min(left, time.Minute))
			if err := tick(ctx); err != nil {
				return fmt.Errorf("demo tick: %w", err)
			}
		}
		if err := a.Exec(ctx, h, s.Line); err != nil {
			return fmt.Errorf("demo line %q: %w", s.Line, err)
		}
	}
	return nil
}
