// Command attune keeps a person's boundaries and trigger map in an
// age-encrypted file and helps them share it with a partner.
package main

import (
	"os"

	"github.com/attune-dev/attune/app"
)

func main() {
	os.Exit(app.Main())
}
