package bot

import (
	"errors"
	"fmt"
)

// Error codes: what kind of failure a person is told about.
const (
	EInvalid  = "invalid"  // a bad command or value; a usage line to the invoker
	ENotFound = "notfound" // no such incident, action item, ...
	ERefused  = "refused"  // not allowed; say who may
	EConflict = "conflict" // the incident is not in a state that allows this
	EInternal = "internal" // store or platform failure; details go to the log
)

// Error is an error meant to be shown to the person who caused it.
type Error struct {
	Code    string
	Message string
}

// Error implements error.
func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EInternal for errors that are not *Error
// and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the text a person may see for err: the message of an
// *Error, and a generic sentence for anything else, whose details belong in
// the log only.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong on our side; it is logged. Please try again."
}

// ErrNotFound is returned by a Store when a record does not exist.
var ErrNotFound = &Error{Code: ENotFound, Message: "not found"}
