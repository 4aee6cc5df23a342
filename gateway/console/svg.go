package console

import (
	"fmt"
	"html"
	"html/template"
	"math/big"
	"strings"

	"github.com/corridor-chain/corridor/gateway/handlers"
)

// Colours of the pictures (the CSS's too).
const (
	colDone   = "#1b7f4b"
	colFailed = "#b3261e"
	colTodo   = "#9aa3ad"
	colInk    = "#1d2733"
)

// timelineSVG draws a lot's journey: one node per stage left to right,
// filled when reached (red when it failed or a hold is active), with the
// stage's name and height under it. Drawn on the server: no script.
func timelineSVG(j handlers.Journey, t func(string) string) template.HTML {
	const step, top = 110, 30
	n := len(j.Steps)
	w := step*n + 20
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="timeline" role="img" viewBox="0 0 %d 110" width="100%%" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`,
		w, html.EscapeString(t("journey.title")))
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="3"/>`, step/2, top, step*(n-1)+step/2, top, colTodo)
	for i, s := range j.Steps {
		x := step*i + step/2
		col, fill := colTodo, "#fff"
		if s.Done {
			col, fill = colDone, colDone
		}
		if s.Failed {
			col, fill = colFailed, colFailed
		}
		label := t("stage." + s.Stage)
		state := t("journey.todo")
		if s.Done {
			state = t("journey.done")
		}
		if s.Failed {
			state = t("journey.failed")
		}
		fmt.Fprintf(&b, `<g class="stage stage-%s" data-done="%t"><title>%s: %s %s</title>`, s.Stage, s.Done, html.EscapeString(label), html.EscapeString(state), html.EscapeString(s.Detail))
		fmt.Fprintf(&b, `<circle cx="%d" cy="%d" r="11" fill="%s" stroke="%s" stroke-width="3"/>`, x, top, fill, col)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="12" fill="%s">%s</text>`, x, top+32, colInk, html.EscapeString(label))
		if s.Height > 0 {
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="10" fill="%s">#%d</text>`, x, top+48, colTodo, s.Height)
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // every text is escaped above
}

// balanceBar draws a declaration's financing balance: financed, closed and
// remaining as parts of the declared value.
func balanceBar(v handlers.FinancingView, t func(string, map[string]any) string, amount func(string) string) template.HTML {
	if !v.Recorded {
		return ""
	}
	value, ok := new(big.Int).SetString(v.Value, 10)
	if !ok || value.Sign() <= 0 {
		return ""
	}
	const width = 600
	part := func(s string) int {
		x, ok := new(big.Int).SetString(s, 10)
		if !ok || x.Sign() <= 0 {
			return 0
		}
		return int(new(big.Int).Quo(new(big.Int).Mul(x, big.NewInt(width)), value).Int64())
	}
	fin, closed := part(v.Financed), part(v.Closed)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="bar" role="img" viewBox="0 0 %d 56" width="100%%" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`,
		width, html.EscapeString(t("financing.bar", map[string]any{"Financed": amount(v.Financed), "Value": amount(v.Value)})))
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%d" height="24" fill="#e8ecef" stroke="%s"/>`, width, colTodo)
	fmt.Fprintf(&b, `<rect class="financed" x="0" y="0" width="%d" height="24" fill="%s"/>`, fin, colDone)
	fmt.Fprintf(&b, `<rect class="closed" x="%d" y="0" width="%d" height="24" fill="%s"/>`, fin, closed, colTodo)
	fmt.Fprintf(&b, `<text x="0" y="44" font-size="12" fill="%s">%s: %s · %s: %s · %s: %s</text>`, colInk,
		html.EscapeString(t("financing.financed", nil)), html.EscapeString(amount(v.Financed)),
		html.EscapeString(t("financing.closed", nil)), html.EscapeString(amount(v.Closed)),
		html.EscapeString(t("financing.remaining", nil)), html.EscapeString(amount(v.Remaining)))
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // every text is escaped above
}
