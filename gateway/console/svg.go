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

// settledChart draws the value settled per currency per day: one row of
// bars per currency, each scaled to that currency's largest day (amounts
// of different currencies are not comparable), every bar labelled.
func settledChart(d handlers.DailySettled, t func(string) string, amount func(minor, currency string, exponent uint32) string) template.HTML {
	if len(d.Currencies) == 0 {
		return template.HTML(`<p id="settled-none">` + html.EscapeString(t("settled.none")) + `</p>`) //nolint:gosec // escaped
	}
	const barW, gap, rowH, left = 96, 12, 120, 70
	w := left + len(d.Days)*(barW+gap)
	h := rowH*len(d.Currencies) + 10
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="settled" role="img" viewBox="0 0 %d %d" width="100%%" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`,
		w, h, html.EscapeString(t("settled.title")))
	for r, c := range d.Currencies {
		y0 := r*rowH + 10
		peak := big.NewInt(0)
		for _, v := range c.Totals {
			if x, ok := new(big.Int).SetString(v, 10); ok && x.Cmp(peak) > 0 {
				peak = x
			}
		}
		fmt.Fprintf(&b, `<text x="0" y="%d" font-size="14" font-weight="700" fill="%s">%s</text>`, y0+50, colInk, html.EscapeString(c.Currency))
		for i, v := range c.Totals {
			x := left + i*(barW+gap)
			barH := 0
			if val, ok := new(big.Int).SetString(v, 10); ok && peak.Sign() > 0 {
				barH = int(new(big.Int).Quo(new(big.Int).Mul(val, big.NewInt(70)), peak).Int64())
			}
			fmt.Fprintf(&b, `<g class="day" data-currency="%s" data-day="%s" data-total="%s">`, html.EscapeString(c.Currency), html.EscapeString(d.Days[i]), html.EscapeString(v))
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>`, x, y0+84-barH, barW, barH, colDone)
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="10" fill="%s">%s</text>`, x+barW/2, y0+80-barH, colInk, html.EscapeString(amount(v, c.Currency, c.Exponent)))
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="10" fill="%s">%s</text>`, x+barW/2, y0+98, colTodo, html.EscapeString(d.Days[i]))
			b.WriteString(`</g>`)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // every text is escaped above
}
