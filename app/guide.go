package app

import (
	"fmt"
	"io"

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
		var rows [][3]string
		for _, t := range guide.Topics() {
			rows = append(rows, [3]string{t.Name, t.Title, t.About})
		}
		printMenu(x.out(), "The guide, for you and your partner:", rows,
			"Read one with: attune guide partner. All of them as a manual page: attune guide --man | man -l -")
		return nil
	}
	name, err := guide.Words.Parse(x.Args().First())
	if err != nil {
		return typed(err)
	}
	t, _ := guide.Find(name)
	return guide.WriteText(x.out(), t, summaryWidth(x, true))
}

// printMenu lists what a command offers (topics, lists): a line before,
// a row for each (its name, title and a few words), a line after.
func printMenu(w io.Writer, intro string, rows [][3]string, outro string) {
	fmt.Fprintln(w, intro)
	for _, r := range rows {
		fmt.Fprintf(w, "  %-10s %s: %s\n", r[0], r[1], r[2])
	}
	fmt.Fprintln(w, outro)
}
