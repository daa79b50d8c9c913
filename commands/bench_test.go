package commands

import (
	"strings"
	"testing"
)

func BenchmarkParse(b *testing.B) {
	cases := []struct{ name, text string }{
		{"declare", `declare "checkout errors in EU" --sev P1 --started 14:05 --desc "pool exhausted"`},
		{"action", "action add alert on pool saturation <@U123|bob> --due friday --prio P1"},
		{"update_4000", "update " + strings.Repeat("word ", (MaxLen-7)/5)},
		{"refused_40KB", "update " + strings.Repeat("word ", 8<<10)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.text)))
			for b.Loop() {
				Parse(c.text, now)
			}
		})
	}
}
