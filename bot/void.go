package bot

import (
	"context"
	"fmt"
)

// void marks an incident whose channel could not be created: closed, with no
// reminder and the reason in Void, so that nothing is left open behind a
// failed declare and the sweep never prompts it. It returns the error the
// declarer is shown: why, when the adapter said why (an *Error it returned),
// and that nothing was declared.
func (e *Engine) void(ctx context.Context, inc *Incident, cause error) error {
	why := "the platform refused it or failed (it is logged)"
	if ErrorCode(cause) != EInternal {
		why = ErrorMessage(cause)
	}
	e.log.Error().Err(cause).Int64("incident", inc.ID).Msg("create incident channel; the incident is void")
	now := e.clock.Now()
	if _, err := e.store.UpdateIncident(ctx, inc.ID, func(inc *Incident) error {
		inc.Status, inc.Milestones.Closed, inc.Reminder = StatusClosed, now, Reminder{}
		inc.Void = "its channel could not be created: " + why
		return nil
	}); err != nil {
		// Left open without a channel: the sweep skips it, Cursors too.
		return fmt.Errorf("void INC-%d after its channel failed (%w): %w", inc.ID, cause, err)
	}
	code := ErrorCode(cause)
	if code == ENotFound {
		code = EInternal
	}
	return Errorf(code, "Nothing was declared: the incident's channel could not be created (%s). Try again once that is fixed.", why)
}
