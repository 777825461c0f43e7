package iostreams

import "testing"

// Colour only at a terminal, and never with NO_COLOR, TERM=dumb or
// --no-color.
func TestDecideColour(t *testing.T) {
	cases := []struct {
		tty      bool
		env      map[string]string
		flag     bool
		want     bool
		scenario string
	}{
		{true, nil, false, true, "a terminal"},
		{false, nil, false, false, "a pipe or a file"},
		{true, map[string]string{"NO_COLOR": "1"}, false, false, "NO_COLOR"},
		{true, map[string]string{"NO_COLOR": ""}, false, true, "NO_COLOR empty (the standard: set and not empty)"},
		{true, map[string]string{"TERM": "dumb"}, false, false, "TERM=dumb"},
		{true, nil, true, false, "--no-color"},
	}
	for _, c := range cases {
		s, _, _, _ := Test()
		s.OutTTY = c.tty
		for k, v := range c.env {
			s.SetEnv(k, v)
		}
		s.DecideColour(c.flag)
		if s.Colour() != c.want {
			t.Errorf("%s: colour %v, want %v", c.scenario, s.Colour(), c.want)
		}
	}
}
