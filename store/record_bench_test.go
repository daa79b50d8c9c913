package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/warroom-dev/warroom/bot"
)

// BenchmarkRecord appends through the whole engine, as an adapter does:
// Engine.Record finds the incident of the channel, builds the entry and
// appends it, returning after the commit. Compare it with BenchmarkRawBatch
// at the same concurrency (make bench runs both).
func BenchmarkRecord(b *testing.B) {
	for _, writers := range benchWriters {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			db, err := Open(filepath.Join(b.TempDir(), "warroom.db"), nil)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			ctx := context.Background()
			inc := &bot.Incident{Title: "bench", Severity: bot.P0, Status: bot.StatusInvestigating, ChannelID: "C1",
				Milestones: bot.Milestones{Declared: t0}}
			if err := db.CreateIncident(ctx, inc); err != nil {
				b.Fatal(err)
			}
			// Every writer is already a participant, as in a busy channel.
			if _, err := db.UpdateIncident(ctx, inc.ID, func(inc *bot.Incident) error {
				inc.AddParticipant("U012AB3CDE")
				return nil
			}); err != nil {
				b.Fatal(err)
			}
			e := bot.New(bot.Options{Store: db})
			runWriters(b, writers, func(i int) error {
				en := benchEntry(i)
				return e.Record(ctx, bot.Event{Kind: bot.MessagePosted, ChannelID: "C1", MessageID: en.MessageID,
					User: en.Author, UserName: en.AuthorName, At: en.At, Text: en.Text})
			})
		})
	}
}
