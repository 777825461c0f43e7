// Package roff writes text for manual pages: attune(1), made from the
// command table, and attune-guide(7), made from the guide.
package roff

import "strings"

// Text escapes text for roff: backslashes, hyphens (written as the
// minus that man pages use for flags), the characters every man renders
// in any locale, a leading dot or quote that roff would read as a
// request, and line breaks.
func Text(s string) string {
	s = strings.ReplaceAll(s, "\\", "\\e")
	s = strings.ReplaceAll(s, "-", "\\-")
	s = strings.NewReplacer("…", "...", "—", "\\(em", "→", "\\(->").Replace(s)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = "\\&" + s
	}
	return strings.ReplaceAll(s, "\n", "\n.br\n")
}

// Quoted is text for a quoted argument of a request (.TH).
func Quoted(s string) string { return strings.ReplaceAll(Text(s), `"`, `\(dq`) }
