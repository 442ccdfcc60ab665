package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"

	"github.com/walkshed/walkshed/routing"
)

// apiError is an error answer: its status, message and, for some, the
// parameter at fault and the distance of a point to the network.
type apiError struct {
	status     int
	msg        string
	parameter  string
	toNetwork  *float64 // metres, for an unroutable point when known
	retryAfter int      // seconds, for a busy server; 0: no Retry-After
}

func (e *apiError) Error() string { return e.msg }

// errorBody is the JSON of an error answer.
type errorBody struct {
	Error     string   `json:"error"`
	Parameter string   `json:"parameter,omitempty"`
	ToNetwork *float64 `json:"to_network_m,omitempty"`
}

// badParam returns a 400 error naming parameter.
func badParam(parameter, format string, a ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, parameter: parameter,
		msg: fmt.Sprintf("parameter %s: %s", parameter, fmt.Sprintf(format, a...))}
}

// statusOf returns the answer to err.
func statusOf(err error) *apiError {
	var ae *apiError
	var ue *routing.UnroutableError
	var mb *http.MaxBytesError
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &mb):
		return &apiError{status: http.StatusRequestEntityTooLarge, parameter: "body",
			msg: fmt.Sprintf("body: larger than the limit of %d bytes", mb.Limit)}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return &apiError{status: http.StatusServiceUnavailable, msg: "request cancelled or timed out: " + err.Error()}
	case errors.As(err, &ue):
		return unroutable(err.Error(), ue)
	}
	return &apiError{status: http.StatusInternalServerError, msg: err.Error()}
}

// unroutable returns a 422 error with msg and, when known, the distance of
// the point to the network.
func unroutable(msg string, ue *routing.UnroutableError) *apiError {
	e := &apiError{status: http.StatusUnprocessableEntity, msg: msg}
	if ue != nil && ue.Nearest >= 0 {
		d := ue.Nearest
		e.toNetwork = &d
	}
	return e
}

// writeError writes err as a JSON error answer.
func writeError(w http.ResponseWriter, err error) {
	ae := statusOf(err)
	body := errorBody{Error: ae.msg, Parameter: ae.parameter}
	if ae.toNetwork != nil {
		d := math.Round(*ae.toNetwork*10) / 10
		body.ToNetwork = &d
	}
	if ae.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(ae.retryAfter))
	}
	writeJSON(w, ae.status, body)
}

// answerBuffer holds an answer while it is encoded: it refuses to grow past
// max bytes (the error is tooLarge) and to go on once ctx is done, so a
// large or abandoned answer stops early.
type answerBuffer struct {
	bytes.Buffer
	ctx      context.Context
	max      int64
	tooLarge func(max int64) error
}

func (b *answerBuffer) Write(p []byte) (int, error) {
	if err := b.ctx.Err(); err != nil {
		return 0, err
	}
	if int64(b.Len())+int64(len(p)) > b.max {
		return 0, b.tooLarge(b.max)
	}
	return b.Buffer.Write(p)
}

// writeJSON writes v as a JSON answer with status. The JSON is encoded
// before anything is sent, so an encoding error still gets a clean 500.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		b.Reset()
		b.WriteString(`{"error":"api: encoding the answer failed"}` + "\n")
	}
	writeBody(w, status, "application/json", b.Bytes())
}

// writeBody writes a complete answer.
func writeBody(w http.ResponseWriter, status int, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", fmt.Sprint(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(body)
}
