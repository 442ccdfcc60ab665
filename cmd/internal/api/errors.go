package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/routing"
)

// apiError is an error answer: its status, message and, for some, the
// parameter at fault and the distance of a point to the network. The
// message is kept as its English format and arguments, so that it is
// written in the language of the request (see message).
type apiError struct {
	status     int
	parameter  string
	format     string // the English format of the message: the catalogue's key
	args       []any
	param      bool     // the message is "parameter NAME: " and format's
	toNetwork  *float64 // metres, for an unroutable point when known
	retryAfter int      // seconds, for a busy server; 0: no Retry-After
}

func (e *apiError) Error() string { return e.message(i18n.English) }

// message is the error's message in l: its format's translation in the
// catalogue (data/i18n; the English format itself when there is none),
// formatted by fmt so that numbers print alike in every language. An
// argument that is a text or a snapping failure is put in l as well; other
// arguments (errors of the library, names) print as they are.
func (e *apiError) message(l i18n.Language) string {
	m := localText(l, e.format, e.args)
	if e.param {
		m = fmt.Sprintf(l.Text("parameter %s: %s"), e.parameter, m)
	}
	return m
}

// text is a message used as an argument of another, translated with it.
type text struct {
	format string
	args   []any
}

// textError is an error of the API's own whose message is a text, so that
// an answer quoting it (badParam(name, "%v", err)) says it in the
// request's language.
type textError struct{ text }

func (e textError) Error() string { return localText(i18n.English, e.format, e.args) }

// textErrorf returns a textError of format with args.
func textErrorf(format string, args ...any) error { return textError{text{format, args}} }

// localText formats the translation of format in l with args, each text
// and snapping failure among them in l too.
func localText(l i18n.Language, format string, args []any) string {
	if l == i18n.English || l == "" {
		return fmt.Sprintf(format, unwrapTexts(args)...)
	}
	local := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case text:
			local[i] = localText(l, v.format, v.args)
		case textError:
			local[i] = localText(l, v.format, v.args)
		case *routing.UnroutableError:
			local[i] = report.Unroutable(l, v)
		default:
			local[i] = a
		}
	}
	return fmt.Sprintf(l.Text(format), local...)
}

// unwrapTexts returns args with each text formatted in English.
func unwrapTexts(args []any) []any {
	var out []any
	for i, a := range args {
		if t, ok := a.(text); ok {
			if out == nil {
				out = slices.Clone(args)
			}
			out[i] = fmt.Sprintf(t.format, unwrapTexts(t.args)...)
		}
	}
	if out == nil {
		return args
	}
	return out
}

// errorf returns an error answer with status, naming parameter (or none),
// whose message is format with args.
func errorf(status int, parameter, format string, args ...any) *apiError {
	return &apiError{status: status, parameter: parameter, format: format, args: args}
}

// errorBody is the JSON of an error answer.
type errorBody struct {
	Error     string   `json:"error"`
	Parameter string   `json:"parameter,omitempty"`
	ToNetwork *float64 `json:"to_network_m,omitempty"`
}

// badParam returns a 400 error naming parameter: "parameter NAME: " and
// format with args.
func badParam(parameter, format string, a ...any) *apiError {
	e := errorf(http.StatusBadRequest, parameter, format, a...)
	e.param = true
	return e
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
		return errorf(http.StatusRequestEntityTooLarge, "body", "body: larger than the limit of %d bytes", mb.Limit)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return errorf(http.StatusServiceUnavailable, "", "request cancelled or timed out: %v", err)
	case errors.As(err, &ue):
		return unroutable(ue, "%v", why(err, ue))
	}
	return errorf(http.StatusInternalServerError, "", "%v", err)
}

// unroutable returns a 422 error with the message format of args and,
// when known, the distance of the point of ue to the network.
func unroutable(ue *routing.UnroutableError, format string, args ...any) *apiError {
	e := errorf(http.StatusUnprocessableEntity, "", format, args...)
	if ue != nil && ue.Nearest >= 0 {
		d := ue.Nearest
		e.toNetwork = &d
	}
	return e
}

// why is the argument that says err, a snapping failure ue or an error
// wrapping it, in a message: ue itself, which prints in the request's
// language, when err is ue; else err, which prints as it is.
func why(err error, ue *routing.UnroutableError) any {
	if err == error(ue) {
		return ue
	}
	return err
}

// writeError writes err as a JSON error answer, its message in l.
func writeError(w http.ResponseWriter, err error, l i18n.Language) {
	ae := statusOf(err)
	body := errorBody{Error: ae.message(l), Parameter: ae.parameter}
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
