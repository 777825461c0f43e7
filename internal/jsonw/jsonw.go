// Package jsonw writes JSON exactly as encoding/json's Encoder does with
// SetIndent("", "  ") (HTML characters escaped, U+2028 and U+2029 too,
// invalid UTF-8 as U+FFFD), without reflection. `attune list --json`
// is a command people run in scripts; encoding/json's first use in a
// process (building its encoders by reflection, indenting a second
// copy) cost about a millisecond of a command that otherwise takes
// seven. Its tests compare every byte with encoding/json's.
package jsonw

import (
	"unicode/utf8"
)

// W appends JSON to a buffer, one element at a time.
type W struct {
	buf   []byte
	depth int
	// empty: the container open at depth has no element yet.
	empty bool
	// keyed: a key was written, so the next value follows it.
	keyed bool
}

// New returns a W whose buffer starts with room for n bytes.
func New(n int) *W { return &W{buf: make([]byte, 0, n)} }

// Bytes is the JSON written, with the newline Encoder.Encode ends with.
func (w *W) Bytes() []byte { return append(w.buf, '\n') }

// next starts an element: after a key, nothing; otherwise a comma
// after an earlier element, a new line and the indent.
func (w *W) next() {
	if w.keyed {
		w.keyed = false
		return
	}
	if w.depth == 0 {
		return
	}
	if !w.empty {
		w.buf = append(w.buf, ',')
	}
	w.empty = false
	w.newline(w.depth)
}

func (w *W) newline(depth int) {
	w.buf = append(w.buf, '\n')
	for range depth {
		w.buf = append(w.buf, ' ', ' ')
	}
}

// Open starts an object ('{') or an array ('[').
func (w *W) Open(c byte) {
	w.next()
	w.buf = append(w.buf, c)
	w.depth++
	w.empty = true
}

// Close ends the object ('}') or array (']') open.
func (w *W) Close(c byte) {
	w.depth--
	if !w.empty {
		w.newline(w.depth)
	}
	w.buf = append(w.buf, c)
	w.empty = false
}

// Key starts a member of the object open.
func (w *W) Key(k string) {
	w.next()
	w.buf = appendString(w.buf, k)
	w.buf = append(w.buf, ':', ' ')
	w.keyed = true
}

// String writes a string value.
func (w *W) String(s string) {
	w.next()
	w.buf = appendString(w.buf, s)
}

// Bool writes true or false.
func (w *W) Bool(v bool) {
	w.next()
	if v {
		w.buf = append(w.buf, "true"...)
	} else {
		w.buf = append(w.buf, "false"...)
	}
}

// KeyString and KeyBool write a member whose value is a string or a bool.
func (w *W) KeyString(k, v string)    { w.Key(k); w.String(v) }
func (w *W) KeyBool(k string, v bool) { w.Key(k); w.Bool(v) }

const hex = "0123456789abcdef"

// appendString quotes s as encoding/json does with HTML escaping on.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
