package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// result is what one run measured. Durations are in milliseconds, memory
// in MiB.
type result struct {
	Messages       int     `json:"messages"`
	Window         int     `json:"window"`
	BurstRate      float64 `json:"burst_rate"`
	BurstAckP50    float64 `json:"burst_ack_p50_ms"`
	BurstAckP99    float64 `json:"burst_ack_p99_ms"`
	BurstBotP50    float64 `json:"burst_bot_p50_ms"`
	BurstBotP99    float64 `json:"burst_bot_p99_ms"`
	PacedRate      int     `json:"paced_rate"`
	PacedSent      int     `json:"paced_sent"`
	PacedAckP50    float64 `json:"paced_ack_p50_ms"`
	PacedAckP99    float64 `json:"paced_ack_p99_ms"`
	PacedBotP50    float64 `json:"paced_bot_p50_ms"`
	PacedBotP99    float64 `json:"paced_bot_p99_ms"`
	Commands       int     `json:"commands"`
	Command        string  `json:"command"`
	InFlight       int     `json:"inflight"`
	SlashAckP50    float64 `json:"slash_ack_p50_ms"`
	SlashAckP99    float64 `json:"slash_ack_p99_ms"`
	SlashAnswered  float64 `json:"slash_answered_per_s"`
	CeilingRate    float64 `json:"ceiling_rate"`
	AppendRate     float64 `json:"store_append_rate"`
	Ratio          float64 `json:"ratio"`
	Missed         int     `json:"missed"`
	CatchUpMs      float64 `json:"catchup_ms"`
	CatchUpRate    float64 `json:"catchup_rate"`
	CatchUpCeiling float64 `json:"catchup_ceiling_rate"`
	Entries        int     `json:"entries"`
	PostmortemMs   float64 `json:"postmortem_ms"`
	PostmortemMiB  float64 `json:"postmortem_alloc_mib"`
	PostmortemKiB  float64 `json:"postmortem_size_kib"`
	IdleRSS        float64 `json:"idle_rss_mib"`
	LoadPeakRSS    float64 `json:"load_peak_rss_mib"`
	PeakRSS        float64 `json:"peak_rss_mib"`
}

// row is one line of the table: a figure, how to show it, and its target.
type row struct {
	name   string
	get    func(result) float64
	format string
	target string
	ok     func(float64) bool
}

func rows(r result) []row {
	return []row{
		{fmt.Sprintf("burst: %d messages, %d in flight (msg/s)", r.Messages, r.Window), func(r result) float64 { return r.BurstRate }, "%.0f", "", nil},
		{"burst: message ack p50 (ms)", func(r result) float64 { return r.BurstAckP50 }, "%.1f", "", nil},
		{"burst: message ack p99 (ms)", func(r result) float64 { return r.BurstAckP99 }, "%.1f", "", nil},
		{"  of which in the bot, receipt to ack, p50 (ms)", func(r result) float64 { return r.BurstBotP50 }, "%.1f", "", nil},
		{"  of which in the bot, receipt to ack, p99 (ms)", func(r result) float64 { return r.BurstBotP99 }, "%.1f", "", nil},
		{fmt.Sprintf("ceiling: bare bbolt Batch, %d writers (rec/s)", r.Window), func(r result) float64 { return r.CeilingRate }, "%.0f", "", nil},
		{fmt.Sprintf("store alone: DB.Append, %d writers (rec/s)", r.Window), func(r result) float64 { return r.AppendRate }, "%.0f", "", nil},
		{"ratio end to end / ceiling", func(r result) float64 { return r.Ratio }, "%.2f", ">= 0.50", func(v float64) bool { return v >= 0.5 }},
		{fmt.Sprintf("paced %d msg/s: message ack p50 (ms)", r.PacedRate), func(r result) float64 { return r.PacedAckP50 }, "%.1f", "", nil},
		{fmt.Sprintf("paced %d msg/s: message ack p99 (ms)", r.PacedRate), func(r result) float64 { return r.PacedAckP99 }, "%.1f", "< 100", func(v float64) bool { return v < 100 }},
		{"  of which in the bot, receipt to ack, p50 (ms)", func(r result) float64 { return r.PacedBotP50 }, "%.1f", "", nil},
		{"  of which in the bot, receipt to ack, p99 (ms)", func(r result) float64 { return r.PacedBotP99 }, "%.1f", "", nil},
		{fmt.Sprintf("slash: %d x %q, %d in flight: ack p50 (ms)", r.Commands, r.Command, r.InFlight), func(r result) float64 { return r.SlashAckP50 }, "%.1f", "", nil},
		{"slash: ack p99 (ms)", func(r result) float64 { return r.SlashAckP99 }, "%.1f", "< 50", func(v float64) bool { return v < 50 }},
		{"slash: answers/s", func(r result) float64 { return r.SlashAnswered }, "%.0f", "", nil},
		{fmt.Sprintf("catch-up: %d missed messages read back and committed (ms)", r.Missed), func(r result) float64 { return r.CatchUpMs }, "%.0f", "", nil},
		{"catch-up: messages/s", func(r result) float64 { return r.CatchUpRate }, "%.0f", "", nil},
		{fmt.Sprintf("  ceiling: bare bbolt Batch, %d writers (rec/s)", catchUpPage), func(r result) float64 { return r.CatchUpCeiling }, "%.0f", "", nil},
		{fmt.Sprintf("postmortem of %d entries (ms)", r.Entries), func(r result) float64 { return r.PostmortemMs }, "%.0f", "< 1000", func(v float64) bool { return v < 1000 }},
		{"postmortem: allocated (MiB)", func(r result) float64 { return r.PostmortemMiB }, "%.1f", "", nil},
		{"postmortem: size (KiB)", func(r result) float64 { return r.PostmortemKiB }, "%.0f", "", nil},
		{"RSS idle after start-up (MiB)", func(r result) float64 { return r.IdleRSS }, "%.1f", "< 30", func(v float64) bool { return v < 30 }},
		{"RSS peak, message load (MiB)", func(r result) float64 { return r.LoadPeakRSS }, "%.1f", "", nil},
		{"RSS peak, with the 100k postmortem (MiB)", func(r result) float64 { return r.PeakRSS }, "%.1f", "", nil},
	}
}

// runParent runs the benchmark runs times, each in a child process, and
// prints every run and the medians.
func runParent(runs int, stdout, stderr io.Writer) error {
	if runs < 1 {
		runs = 1
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find this program: %w", err)
	}
	args := append([]string{"-child"}, os.Args[1:]...)
	var results []result
	for i := range runs {
		fmt.Fprintf(stderr, "run %d of %d...\n", i+1, runs)
		cmd := exec.Command(self, args...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, stderr
		begin := time.Now()
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		var r result
		if err := json.Unmarshal(lastLine(out.Bytes()), &r); err != nil {
			return fmt.Errorf("run %d printed no result: %w\n%s", i+1, err, out.Bytes())
		}
		fmt.Fprintf(stderr, "run %d took %s\n", i+1, time.Since(begin).Round(100*time.Millisecond))
		results = append(results, r)
	}
	printTable(stdout, results)
	return nil
}

// lastLine returns the last non-empty line of b.
func lastLine(b []byte) []byte {
	var last []byte
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if l := bytes.TrimSpace(sc.Bytes()); len(l) > 0 {
			last = append(last[:0], l...)
		}
	}
	return last
}

// printTable prints one column per run, the median and the target.
func printTable(w io.Writer, results []result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"figure"}
	for i := range results {
		head = append(head, "run "+strconv.Itoa(i+1))
	}
	head = append(head, "median", "target", "")
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, rw := range rows(results[0]) {
		vals := make([]float64, len(results))
		cells := []string{rw.name}
		for i, r := range results {
			vals[i] = rw.get(r)
			cells = append(cells, fmt.Sprintf(rw.format, vals[i]))
		}
		med := median(vals)
		verdict := ""
		if rw.ok != nil {
			verdict = "ok"
			if !rw.ok(med) {
				verdict = "MISSED"
			}
		}
		cells = append(cells, fmt.Sprintf(rw.format, med), rw.target, verdict)
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	tw.Flush()
}

// median returns the median of vs (the mean of the middle two for an even
// count).
func median(vs []float64) float64 {
	s := append([]float64(nil), vs...)
	sort.Float64s(s)
	n := len(s)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// percentile returns the p-th percentile (nearest rank) of ds, in ms.
func percentile(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(float64(len(s))*p/100+0.999999) - 1
	i = max(0, min(len(s)-1, i))
	return float64(s[i]) / float64(time.Millisecond)
}
