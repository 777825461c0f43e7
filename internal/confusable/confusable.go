// Package confusable computes the skeleton of a string (Unicode
// Technical Standard #39, section 4): two strings with the same skeleton
// look alike. Its table is data laid out by the linker, so a program that
// imports this package pays nothing when it starts; the map that
// github.com/mtibben/confusables builds at start-up cost every attune
// command about 0.4 ms and 200 KB, for a check only partner names need.
package confusable

//go:generate go run gen/main.go

import (
	"cmp"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"
)

type mapping struct {
	from rune
	to   string
}

// Skeleton is s in NFD, each character replaced by its prototype, and
// in NFD again.
func Skeleton(s string) string {
	s = norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if i, ok := slices.BinarySearchFunc(table[:], r, func(m mapping, r rune) int { return cmp.Compare(m.from, r) }); ok {
			b.WriteString(table[i].to)
		} else {
			b.WriteRune(r)
		}
	}
	return norm.NFD.String(b.String())
}
