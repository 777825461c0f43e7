package mapfile

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/triggers"
)

// header starts every map file attune writes.
const header = "# attune map: boundaries and triggers. Schema: see the attune README.\n"

// Encode writes the map as TOML. Entries keep their order.
//
// The bytes are exactly what BurntSushi/toml's encoder writes for Map
// (TestEncodeMatchesTOMLEncoder and FuzzDecode hold it to that), but
// written directly for this one schema: the reflection-driven encoder
// was a third of the time of every change to a large map.
func (m *Map) Encode() ([]byte, error) {
	var b bytes.Buffer
	b.Grow(len(header) + 128 + 160*(len(m.Boundaries)+len(m.Triggers)) + 128*len(m.Partners))
	b.WriteString(header)
	e := encoder{&b}
	e.int("", "version", m.Version)
	e.str("", "name", m.Name)
	e.str("", "safeword", m.Safeword)
	e.str("", "signal", m.Signal)
	e.time("", "exported", m.Exported)
	e.int("", "boundary_seq", m.BoundarySeq)
	e.int("", "trigger_seq", m.TriggerSeq)
	e.str("", "partner_file_key", m.PartnerFileKey)
	for _, p := range m.Partners {
		b.WriteString("\n[[partner]]\n")
		b.WriteString("  name = ")
		quote(&b, p.Name)
		b.WriteByte('\n')
		if p.Recipients != nil { // the TOML encoder leaves out a nil list
			b.WriteString("  recipients = [")
			for i, r := range p.Recipients {
				if i > 0 {
					b.WriteString(", ")
				}
				quote(&b, r)
			}
			b.WriteString("]\n")
		}
		e.time("  ", "added", p.Added)
	}
	for _, x := range m.Boundaries {
		writeBoundary(e, x)
	}
	for _, x := range m.Triggers {
		writeTrigger(e, x)
	}
	return b.Bytes(), nil
}

func writeBoundary(e encoder, x boundaries.Boundary) {
	e.b.WriteString("\n[[boundary]]\n")
	e.alwaysStr("  ", "id", x.ID)
	e.str("  ", "key", x.Key)
	e.alwaysStr("  ", "light", string(x.Light))
	e.alwaysStr("  ", "text", x.Text)
	e.str("  ", "note", x.Note)
	e.bool("  ", "private", x.Private)
	e.time("  ", "added", x.Added)
}

func writeTrigger(e encoder, x triggers.Trigger) {
	e.b.WriteString("\n[[trigger]]\n")
	e.alwaysStr("  ", "id", x.ID)
	e.str("  ", "key", x.Key)
	e.alwaysStr("  ", "category", string(x.Category))
	e.alwaysStr("  ", "text", x.Text)
	e.str("  ", "intensity", string(x.Intensity))
	e.str("  ", "helps", x.Helps)
	e.str("  ", "note", x.Note)
	e.bool("  ", "private", x.Private)
	e.time("  ", "added", x.Added)
}

type encoder struct{ b *bytes.Buffer }

func (e encoder) key(indent, k string) {
	e.b.WriteString(indent)
	e.b.WriteString(k)
	e.b.WriteString(" = ")
}

// str writes a string key, left out when empty (omitempty).
func (e encoder) str(indent, k, v string) {
	if v != "" {
		e.alwaysStr(indent, k, v)
	}
}

func (e encoder) alwaysStr(indent, k, v string) {
	e.key(indent, k)
	quote(e.b, v)
	e.b.WriteByte('\n')
}

// int writes a number; omitempty does not leave out a zero number.
func (e encoder) int(indent, k string, v int) {
	e.key(indent, k)
	e.b.WriteString(strconv.Itoa(v))
	e.b.WriteByte('\n')
}

func (e encoder) bool(indent, k string, v bool) {
	if v {
		e.key(indent, k)
		e.b.WriteString("true\n")
	}
}

func (e encoder) time(indent, k string, v time.Time) {
	if !v.IsZero() {
		e.key(indent, k)
		e.b.WriteString(v.Format(time.RFC3339Nano))
		e.b.WriteByte('\n')
	}
}

// quote writes s as a TOML basic string, escaped as BurntSushi/toml does.
func quote(b *bytes.Buffer, s string) { QuoteTOML(b, s) }

// QuoteTOML writes s as a TOML basic string, escaped as BurntSushi/toml does.
func QuoteTOML(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	if strings.IndexFunc(s, needsEscape) < 0 {
		b.WriteString(s)
	} else {
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c == '"':
				b.WriteString(`\"`)
			case c == '\\':
				b.WriteString(`\\`)
			case c == '\b':
				b.WriteString(`\b`)
			case c == '\t':
				b.WriteString(`\t`)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\f':
				b.WriteString(`\f`)
			case c == '\r':
				b.WriteString(`\r`)
			case c < 0x20 || c == 0x7f:
				b.WriteString(`\u00`)
				b.WriteByte("0123456789abcdef"[c>>4])
				b.WriteByte("0123456789abcdef"[c&0xf])
			default:
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
}

func needsEscape(r rune) bool { return r < 0x20 || r == 0x7f || r == '"' || r == '\\' }
