package mapfile_test

import (
	"bytes"
	"fmt"
	"strings"
)

// A hostile shape is a file built to make a TOML reader slow or greedy.
// Each is built to about size bytes, so the same shapes serve the
// benchmarks and memory test (at 1 MiB) and the fuzz seeds (small).
type hostileShape struct {
	name    string
	verdict verdict // of DecodeUntrusted at 1 MiB
	build   func(size int) []byte
}

type verdict int

const (
	byScan    verdict = iota // a *ShapeError
	byLimit                  // too many entries or list items
	byDecoder                // read, or refused by Decode after the scan
)

// repeatShape builds head + unit×n + middle + close×n + tail with n as large
// as fits in size.
func repeatShape(size int, head, unit, middle, close, tail string) []byte {
	n := max(1, (size-len(head)-len(middle)-len(tail))/(len(unit)+len(close)))
	var b bytes.Buffer
	b.Grow(len(head) + n*(len(unit)+len(close)) + len(middle) + len(tail))
	b.WriteString(head)
	for range n {
		b.WriteString(unit)
	}
	b.WriteString(middle)
	for range n {
		b.WriteString(close)
	}
	b.WriteString(tail)
	return b.Bytes()
}

const partnerHead = "version = 1\n[[partner]]\nname = \"Alex\"\nrecipients = "

var hostileShapes = []hostileShape{
	{"deep-inline-tables", byScan, func(n int) []byte { return repeatShape(n, "x = ", "{a = ", "1", "}", "\n") }},
	{"deep-inline-tables-in-list", byScan, func(n int) []byte { return repeatShape(n, "x = [", "{a = [", "1", "]}", "]\n") }},
	{"deep-lists", byScan, func(n int) []byte { return repeatShape(n, "x = ", "[", "1", "]", "\n") }},
	{"deep-lists-recipients", byScan, func(n int) []byte { return repeatShape(n, partnerHead, "[", `"age1"`, "]", "\n") }},
	{"dotted-key", byScan, func(n int) []byte { return repeatShape(n, "", "a.", "a = 1\n", "", "") }},
	{"dotted-header-40000", byScan, func(n int) []byte { return repeatShape(min(n, 80_003), "[", "a.", "a]\n", "", "") }},
	{"dotted-header", byScan, func(n int) []byte { return repeatShape(n, "[", "a.", "a]\n", "", "") }},
	{"dotted-entry-header", byScan, func(n int) []byte { return repeatShape(n, "[[", "boundary.", "a]]\n", "", "") }},
	{"long-list-of-texts", byLimit, func(n int) []byte { return repeatShape(n, partnerHead+"[", `"age1", `, "", "", "]\n") }},
	{"long-list-of-empty-texts", byLimit, func(n int) []byte { return repeatShape(n, partnerHead+"[", `"",`, "", "", "\"\"]\n") }},
	{"long-list-of-numbers", byLimit, func(n int) []byte { return repeatShape(n, "x = [", "1,", "", "", "1]\n") }},
	{"long-list-multiline", byLimit, func(n int) []byte { return repeatShape(n, "x = [\n", "\"a\", # note\n", "", "", "]\n") }},
	{"entries-at-limit", byDecoder, entriesAtLimit},
	{"entries-at-limit-full", byDecoder, fullEntriesAtLimit},
	{"entries-at-limit-unknown-keys", byDecoder, unknownKeysAtLimit},
	{"all-limits-at-once", byDecoder, allLimitsAtOnce},
	{"entries-over-limit", byLimit, func(n int) []byte { return repeatShape(n, "version = 1\n", "[[boundary]]\n", "", "", "") }},
	{"entries-over-limit-partner", byLimit, func(n int) []byte { return repeatShape(n, "version = 1\n", "[[partner]]\n", "", "", "") }},
	{"many-unknown-keys", byScan, manyKeys},
	{"long-text", byDecoder, func(n int) []byte { return repeatShape(n, "version = 1\nname = \"", "a", "", "", "\"\n") }},
	{"long-literal-text", byDecoder, func(n int) []byte { return repeatShape(n, "version = 1\nname = '", "a", "", "", "'\n") }},
	{"text-of-escapes", byDecoder, func(n int) []byte { return repeatShape(n, "version = 1\nname = \"", `\u0041`, "", "", "\"\n") }},
	{"text-of-long-escapes", byDecoder, func(n int) []byte { return repeatShape(n, "version = 1\nname = \"", `\U0001F33F\"\\`, "", "", "\"\n") }},
	{"multiline-of-escapes", byDecoder, func(n int) []byte {
		return repeatShape(n, "version = 1\nname = \"\"\"", "\\u0041\\\n", "", "", "\"\"\"\n")
	}},
	{"multiline-of-lines", byDecoder, func(n int) []byte { return repeatShape(n, "version = 1\nname = '''", "a\n", "", "", "'''\n") }},
	{"multiline-of-quotes", byDecoder, func(n int) []byte { return repeatShape(n, "version = 1\nname = \"\"\"", "a\"\"", "", "", "\"\"\"\n") }},
	{"comment-lines", byDecoder, func(n int) []byte { return repeatShape(n, "version = 1\n", "# a comment\n", "", "", "") }},
	{"blank-lines", byDecoder, func(n int) []byte { return repeatShape(n, "version = 1\n", "\n", "", "", "") }},
	{"brackets-in-text", byDecoder, func(n int) []byte { return repeatShape(n, "version = 1\nname = \"", "[{", "", "", "\"\n") }},
	{"brackets-in-literal", byDecoder, func(n int) []byte { return repeatShape(n, "version = 1\nname = '", "[{", "", "", "'\n") }},
	{"brackets-in-multiline", byDecoder, func(n int) []byte { return repeatShape(n, "version = 1\nname = \"\"\"", "[{\n", "", "", "\"\"\"\n") }},
	{"brackets-in-comment", byDecoder, func(n int) []byte { return repeatShape(n, "version = 1\n# ", "[{", "", "", "\n") }},
	{"long-number", byScan, func(n int) []byte { return repeatShape(n, "version = ", "1", "", "", "\n") }},
	{"long-word", byScan, func(n int) []byte { return repeatShape(n, "version = ", "a", "", "", "\n") }},
	{"long-key", byScan, func(n int) []byte { return repeatShape(n, "", "a", " = 1\n", "", "") }},
}

// atLimit is MaxForeignEntries, or fewer in a small file (a fuzz seed).
func atLimit(size int) int { return max(1, min(2000, size/64)) }

// entriesAtLimit is a valid map of MaxForeignEntries boundaries whose
// text fills size.
func entriesAtLimit(size int) []byte {
	n := atLimit(size)
	per := max(1, size/n-64)
	text := strings.Repeat("a", min(per, 1000))
	var b bytes.Buffer
	b.WriteString("version = 1\n")
	for i := range n {
		fmt.Fprintf(&b, "\n[[boundary]]\nid = \"b%d\"\nlight = \"red\"\ntext = \"%s\"\n", i+1, text)
	}
	return b.Bytes()
}

// manyKeys is one key after another in one table, each unknown.
func manyKeys(size int) []byte {
	var b bytes.Buffer
	b.WriteString("version = 1\n")
	for i := 0; b.Len() < size-16; i++ {
		fmt.Fprintf(&b, "k%d = 1\n", i)
	}
	return b.Bytes()
}

// fullEntriesAtLimit is a valid map of MaxForeignEntries triggers, every
// field written, whose texts fill size.
func fullEntriesAtLimit(size int) []byte {
	n := atLimit(size)
	text := strings.Repeat("b", min(1000, max(1, (size/n-170)/3)))
	var b bytes.Buffer
	b.WriteString("version = 1\nname = \"Sam\"\nsafeword = \"pineapple\"\nsignal = \"two taps\"\n")
	for i := range n {
		fmt.Fprintf(&b, "\n[[trigger]]\nid = \"t%d\"\ncategory = \"sounds\"\ntext = \"%s\"\nintensity = \"high\"\n"+
			"helps = \"%s\"\nnote = \"%s\"\nprivate = true\nadded = 2026-01-02T03:04:05Z\n", i+1, text, text, text)
	}
	return b.Bytes()
}

// unknownKeysAtLimit is MaxForeignEntries triggers, each with as many
// short unknown keys as a trigger has fields, then more entries.
func unknownKeysAtLimit(size int) []byte {
	var b bytes.Buffer
	b.WriteString("version = 1\n")
	for i := 0; b.Len() < size-64; i++ {
		b.WriteString("[[trigger]]\na=1\nb=1\nc=1\nd=1\ne=1\nf=1\ng=1\nh=1\n")
		if i == atLimit(size)-1 {
			break
		}
	}
	return b.Bytes()
}

// allLimitsAtOnce is a partner with MaxForeignListItems public keys and
// then triggers up to MaxForeignEntries, every field written, filling size.
func allLimitsAtOnce(size int) []byte {
	var b bytes.Buffer
	b.WriteString(partnerHead + "[")
	for range min(10_000, size/100) {
		b.WriteString(`"age1", `)
	}
	b.WriteString("]\n")
	n := atLimit(size) - 1
	text := strings.Repeat("c", min(1000, max(1, ((size-b.Len())/n-170)/3)))
	for i := range n {
		fmt.Fprintf(&b, "\n[[trigger]]\nid = \"t%d\"\ncategory = \"sounds\"\ntext = \"%s\"\nintensity = \"high\"\n"+
			"helps = \"%s\"\nnote = \"%s\"\nprivate = true\nadded = 2026-01-02T03:04:05Z\n", i+1, text, text, text)
	}
	return b.Bytes()
}
