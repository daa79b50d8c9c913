package slack

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	slackgo "github.com/slack-go/slack"
)

// maxTransientRetries bounds retries of server errors and network
// failures; rate limits are retried for as long as ctx allows.
const maxTransientRetries = 5

// platform names Slack to the Observer.
const platform = "slack"

// call runs one Web API call, retrying it after Slack's Retry-After while
// it is rate limited, and a few times with backoff when Slack or the
// network fails in a way that may pass. Every attempt is reported to the
// Observer.
func (a *Adapter) call(ctx context.Context, method string, fn func() error) error {
	backoff := 250 * time.Millisecond
	for transient := 0; ; {
		err := fn()
		a.obs.APICall(platform, method, err)
		if err == nil {
			return nil
		}
		var rl *slackgo.RateLimitedError
		switch {
		case errors.As(err, &rl):
			a.log.Warn().Str("method", method).Dur("retry_after", rl.RetryAfter).Msg("rate limited, retrying")
			if err := a.sleep(ctx, rl.RetryAfter); err != nil {
				return fmt.Errorf("%s: rate limited: %w", method, err)
			}
		case transient < maxTransientRetries && isTransient(err) && ctx.Err() == nil:
			transient++
			a.log.Warn().Err(err).Str("method", method).Dur("backoff", backoff).Msg("call failed, retrying")
			if err := a.sleep(ctx, backoff); err != nil {
				return fmt.Errorf("%s: %w", method, err)
			}
			backoff *= 2
		default:
			return err
		}
	}
}

// isTransient reports whether a failed call may succeed if made again.
func isTransient(err error) bool {
	var sc slackgo.StatusCodeError
	if errors.As(err, &sc) {
		return sc.Code >= 500
	}
	switch slackError(err) {
	case "internal_error", "fatal_error", "service_unavailable", "request_timeout":
		return true
	}
	var ne net.Error
	return errors.As(err, &ne)
}

// slackError returns the error code of an {"ok":false} answer, or "".
func slackError(err error) string {
	var se slackgo.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return ""
}
