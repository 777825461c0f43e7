package app

import (
	"github.com/attune-dev/attune/mapfile"
)

func removeAction(x *ctx) error {
	// The same id typed twice is removed once: the second would find
	// nothing, and the whole removal would fail.
	var ids []string
	seen := map[string]bool{}
	for _, id := range x.Args().Slice() {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return withSession(x, func(s *session) error {
		var lines []string
		_, err := s.update(func(m *mapfile.Map) error {
			for _, id := range ids {
				if _, _, ok := m.Find(id); !ok {
					return unknownID(id)
				}
				lines = append(lines, "removed "+entryLineOf(m, id))
				m.Remove(id)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, l := range lines {
			x.reporter().line("", l)
		}
		return nil
	})
}
