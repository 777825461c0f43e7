// Command genmap makes an attune store holding an invented map of N
// entries, with a history of changes and reviews, for scripts/bench.sh:
// genmap DIR N. The store's identity is an
// unprotected X25519 key, so `age -d -i DIR/identity DIR/map.toml.age`
// decrypts the same file.
package main

import (
	"fmt"
	"os"
	"strconv"

	"filippo.io/age"

	"github.com/attune-dev/attune/internal/testmaps"
	"github.com/attune-dev/attune/store"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: genmap DIR N")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "genmap: N must be a number")
		os.Exit(2)
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		fmt.Fprintln(os.Stderr, "genmap:", err)
		os.Exit(1)
	}
	cfg := store.Config{Recipient: id.Recipient().String()}
	if _, err := store.Init(os.Args[1], cfg, []byte(id.String()+"\n"), testmaps.WithHistory(testmaps.Sample(n)), id.Recipient()); err != nil {
		fmt.Fprintln(os.Stderr, "genmap:", err)
		os.Exit(1)
	}
}
