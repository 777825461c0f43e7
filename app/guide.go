package app

import (
	"fmt"

	"github.com/attune-dev/attune/guide"
)

// `attune guide [TOPIC]`: short pages, offline, for survivors and their
// partners; --man prints them all as attune-guide(7).
func guideAction(x *ctx) error {
	if x.Bool("man") {
		if x.NArg() > 0 {
			return usage("attune guide --man prints every topic, as one manual page", "--man takes no topic")
		}
		return guide.WriteMan(x.out(), version())
	}
	if x.NArg() == 0 {
		w := x.out()
		fmt.Fprintln(w, "The guide, for you and your partner:")
		for _, t := range guide.Topics() {
			fmt.Fprintf(w, "  %-10s %s: %s\n", t.Name, t.Title, t.About)
		}
		fmt.Fprintln(w, "Read one with: attune guide partner. All of them as a manual page: attune guide --man | man -l -")
		return nil
	}
	name, err := guide.Words.Parse(x.Args().First())
	if err != nil {
		return typed(err)
	}
	t, _ := guide.Find(name)
	return guide.WriteText(x.out(), t, summaryWidth(x, true))
}
