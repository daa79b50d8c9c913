package bot

import "time"

// Observer is told what happens, for metrics. The metrics package
// implements it with Prometheus; adapters report to the same Observer.
// Methods must be cheap and safe for concurrent use.
type Observer interface {
	// EventReceived counts a platform delivery (a message, a command, ...).
	EventReceived(platform, kind string)
	// EventAcked counts an acknowledged delivery and how long after its
	// receipt the acknowledgement went out.
	EventAcked(platform, kind string, latency time.Duration)
	// APICall counts a call to the platform's API; err is its outcome.
	APICall(platform, method string, err error)
	// Appended counts a timeline entry committed to the store.
	Appended(kind EntryKind)
	// ReminderSent counts an update prompt, or an escalation.
	ReminderSent(escalated bool)
}

// NopObserver is an Observer that ignores everything.
type NopObserver struct{}

// EventReceived implements Observer.
func (NopObserver) EventReceived(string, string) {}

// EventAcked implements Observer.
func (NopObserver) EventAcked(string, string, time.Duration) {}

// APICall implements Observer.
func (NopObserver) APICall(string, string, error) {}

// Appended implements Observer.
func (NopObserver) Appended(EntryKind) {}

// ReminderSent implements Observer.
func (NopObserver) ReminderSent(bool) {}
