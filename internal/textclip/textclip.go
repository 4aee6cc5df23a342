// Package textclip bounds client-chosen strings wherever they are quoted,
// logged or stored.
package textclip

import "unicode/utf8"

// Clip cuts s to at most n bytes on a rune boundary, marking the cut, so a
// client-chosen string (a path, a header) has a bounded size wherever it is
// logged or stored.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
