package app

import (
	"fmt"
	"strings"

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
		_, err := s.update(func(m *mapfile.Map) error {
			for _, id := range ids {
				if !m.Remove(id) {
					return unknownID(id)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(x.out(), "removed %s\n", strings.Join(ids, ", "))
		return nil
	})
}
