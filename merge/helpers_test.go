package merge

// Helpers that say how two maps differ, for failure messages.

import (
	"fmt"
	"reflect"

	"github.com/attune-dev/attune/mapfile"
)

func diffMaps(a, b *mapfile.Map) string {
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	out := ""
	for i := range va.NumField() {
		if !va.Type().Field(i).IsExported() {
			continue
		}
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			out += fmt.Sprintf("%s: %v\n   vs %v\n", va.Type().Field(i).Name, va.Field(i).Interface(), vb.Field(i).Interface())
		}
	}
	return out
}

func dumpB(m *mapfile.Map) string {
	s := ""
	for _, b := range m.Boundaries {
		s += b.ID + " " + b.Text + "\n"
	}
	return s
}
