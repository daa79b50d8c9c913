// Package metrics exposes warroom's health and Prometheus metrics. It is
// the only package that imports the Prometheus client.
package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/warroom-dev/warroom/bot"
)

// Metrics holds warroom's collectors and implements bot.Observer. Every
// metric name starts with warroom_.
type Metrics struct {
	reg *prometheus.Registry

	received  *prometheus.CounterVec
	acked     *prometheus.CounterVec
	ackDelay  *prometheus.HistogramVec
	apiCalls  *prometheus.CounterVec
	apiErrors *prometheus.CounterVec
	appends   *prometheus.CounterVec
	reminders *prometheus.CounterVec
}

// New returns Metrics on a registry of their own, with Go runtime and
// process collectors. openIncidents, if not nil, is asked for the number of
// open incidents at each scrape.
func New(openIncidents func() float64) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		received: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "warroom_events_received_total",
			Help: "Platform deliveries received (messages, commands, interactions), by platform and kind.",
		}, []string{"platform", "kind"}),
		acked: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "warroom_events_acked_total",
			Help: "Platform deliveries acknowledged, by platform and kind.",
		}, []string{"platform", "kind"}),
		ackDelay: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "warroom_ack_latency_seconds",
			Help:    "Time from receiving a delivery to acknowledging it, by platform and kind.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"platform", "kind"}),
		apiCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "warroom_api_calls_total",
			Help: "Calls to the platform's API, by platform and method.",
		}, []string{"platform", "method"}),
		apiErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "warroom_api_errors_total",
			Help: "Failed calls to the platform's API, by platform and method.",
		}, []string{"platform", "method"}),
		appends: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "warroom_timeline_appends_total",
			Help: "Timeline entries committed to the store, by kind.",
		}, []string{"kind"}),
		reminders: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "warroom_reminders_sent_total",
			Help: "Update prompts sent, by type (prompt or escalation).",
		}, []string{"type"}),
	}
	m.reg.MustRegister(m.received, m.acked, m.ackDelay, m.apiCalls, m.apiErrors, m.appends, m.reminders,
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{Namespace: "warroom"}))
	// The runtime's metrics too carry the prefix: warroom_go_goroutines.
	prometheus.WrapRegistererWithPrefix("warroom_", m.reg).MustRegister(collectors.NewGoCollector())
	if openIncidents != nil {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "warroom_open_incidents",
			Help: "Incidents not yet closed.",
		}, openIncidents))
	}
	return m
}

// StoreErrors registers warroom_store_errors_total, which reads failures
// at each scrape: how many store writes could not be committed (a full
// disk, an I/O error). Call it once.
func (m *Metrics) StoreErrors(failures func() float64) {
	m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
		Name: "warroom_store_errors_total",
		Help: "Store writes that could not be committed (a full disk, an I/O error).",
	}, failures))
}

// Registry returns the registry the metrics are registered on.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// EventReceived implements bot.Observer.
func (m *Metrics) EventReceived(platform, kind string) {
	m.received.WithLabelValues(platform, kind).Inc()
}

// EventAcked implements bot.Observer.
func (m *Metrics) EventAcked(platform, kind string, latency time.Duration) {
	m.acked.WithLabelValues(platform, kind).Inc()
	m.ackDelay.WithLabelValues(platform, kind).Observe(latency.Seconds())
}

// APICall implements bot.Observer.
func (m *Metrics) APICall(platform, method string, err error) {
	m.apiCalls.WithLabelValues(platform, method).Inc()
	if err != nil {
		m.apiErrors.WithLabelValues(platform, method).Inc()
	}
}

// Appended implements bot.Observer.
func (m *Metrics) Appended(kind bot.EntryKind) { m.appends.WithLabelValues(string(kind)).Inc() }

// ReminderSent implements bot.Observer.
func (m *Metrics) ReminderSent(escalated bool) {
	typ := "prompt"
	if escalated {
		typ = "escalation"
	}
	m.reminders.WithLabelValues(typ).Inc()
}
