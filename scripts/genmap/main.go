// Command genmap makes an attune store holding an invented map of N
// entries with a history of changes and reviews, and, given RECORDS, a
// journal of that many records, for
// scripts/bench.sh: genmap DIR N [RECORDS]. The store's identity is an
// unprotected X25519 key kept beside the folder, in DIR.identity, so
// `age -d -i DIR.identity DIR/map.toml.age` decrypts the same file.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"filippo.io/age"

	"github.com/attune-dev/attune/internal/testmaps"
	"github.com/attune-dev/attune/journal"
	"github.com/attune-dev/attune/store"
)

func main() {
	if len(os.Args) != 3 && len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: genmap DIR N [RECORDS]")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[2])
	records := 0
	if err == nil && len(os.Args) == 4 {
		records, err = strconv.Atoi(os.Args[3])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genmap: N and RECORDS must be numbers")
		os.Exit(2)
	}
	if err := generate(os.Args[1], n, records); err != nil {
		fmt.Fprintln(os.Stderr, "genmap:", err)
		os.Exit(1)
	}
}

func generate(dir string, n, records int) error {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	// Adopted, as `attune init --identity` does: kept where it is.
	if err := os.WriteFile(abs+".identity", []byte(id.String()+"\n"), 0o600); err != nil {
		return err
	}
	m := testmaps.WithHistory(testmaps.Sample(n))
	m.ConfigKey = store.NewConfigKey()
	cfg := store.WithChecks(store.Config{Identity: abs + ".identity", StoreID: store.NewStoreID(),
		Keys: []store.Key{{Recipient: id.Recipient().String()}}}, m.ConfigKey)
	s, err := store.Init(dir, "", cfg, nil, m, id.Recipient())
	if err != nil || records == 0 {
		return err
	}
	var keys []string
	for _, t := range m.Triggers {
		keys = append(keys, t.Key)
	}
	j := testmaps.Journal(records, keys)
	_, err = s.UpdateJournal([]age.Identity{id}, []age.Recipient{id.Recipient()}, func(cur *journal.Journal) error {
		*cur = *j
		return nil
	})
	return err
}
