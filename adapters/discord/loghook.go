package discord

import (
	"errors"
	"fmt"
	"sync"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// discordgo reports gateway failures after the first connection only to
// its logger (its reconnect loop retries forever, even when Discord has
// closed the connection for good), and its logger is one package variable.
// The adapter installs a logger that forwards discordgo's messages to the
// running adapters' zerolog loggers and stops Run on a fatal close code.
var hook struct {
	once     sync.Once
	mu       sync.Mutex
	adapters map[*Adapter]bool
}

func installLogHook() {
	hook.once.Do(func() {
		hook.adapters = map[*Adapter]bool{}
		discordgo.Logger = logHook
	})
}

func watchFatal(a *Adapter) {
	hook.mu.Lock()
	defer hook.mu.Unlock()
	hook.adapters[a] = true
}

func unwatchFatal(a *Adapter) {
	hook.mu.Lock()
	defer hook.mu.Unlock()
	delete(hook.adapters, a)
}

// logHook is discordgo.Logger. discordgo never passes the token to its
// logger at the levels the adapter enables (warnings and errors).
func logHook(level, _ int, format string, args ...any) {
	var fatal error
	leftover := false
	for _, arg := range args {
		if err, ok := arg.(error); ok {
			if f := fatalCloseError(err); f != nil {
				fatal = f
			}
			// A write on a connection discordgo has sent its close on:
			// the heartbeat goroutine of a connection already closed
			// (see reconnect.go); it finds no connection to close now.
			leftover = leftover || errors.Is(err, websocket.ErrCloseSent)
		}
	}
	msg := fmt.Sprintf(format, args...)
	hook.mu.Lock()
	defer hook.mu.Unlock()
	for a := range hook.adapters {
		ev := a.log.Warn()
		switch {
		case leftover:
			ev = a.log.Debug()
		case level == discordgo.LogError:
			ev = a.log.Error()
		}
		ev.Str("from", "discordgo").Msg(msg)
		if fatal != nil {
			select {
			case a.fatal <- fatal:
			default:
			}
		}
	}
}

// closeCode returns the websocket close code in err, or 0.
func closeCode(err error) int {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return ce.Code
	}
	return 0
}
