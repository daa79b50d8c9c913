package commands_test

import (
	"fmt"
	"time"

	"github.com/warroom-dev/warroom/bot"
	"github.com/warroom-dev/warroom/commands"
)

func ExampleParse() {
	now := time.Date(2024, 5, 10, 15, 30, 0, 0, time.UTC)
	inv, err := commands.Parse(`declare "Checkout errors in EU" --sev P1 --started 14:05`, now)
	if err != nil {
		fmt.Println(err)
		return
	}
	d := inv.Command.(bot.Declare)
	fmt.Println(d.Title, d.Severity, d.Started.Format(time.RFC3339))

	_, err = commands.Parse("sev P7", now)
	fmt.Println(err)
	// Output:
	// Checkout errors in EU P1 2024-05-10T14:05:00Z
	// Unknown severity "P7": use P0, P1, P2 or P3.
	// Usage: /incident sev <P0..P3> [--at TIME]
}

func ExampleParser() {
	var parse bot.Parser = commands.Parser{Command: "/war"}.Parse
	_, err := parse("role ic bob", time.Now())
	fmt.Println(err)
	// Output:
	// "bob" is not a user: expected a user mention like @alice.
	// Usage: /war role <ic|comms|tier1|tier2> <@user>
}
