//go:build !unix

package iostreams

import "os"

// discardPending has nothing to do where there is no /dev/tty.
func discardPending(*os.File) (extra, midLine bool) { return false, false }
