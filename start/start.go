// Package start holds the starter lists: short lists of items, written
// with care, that help someone find words for their map without starting
// from an empty page. Each list is a data file embedded in the binary,
// with a version; each item keeps its number for good, so that the key
// of an item ("touch/14") means the same thing in every map, and two
// people's answers can be matched.
package start

import (
	"embed"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/attune-dev/attune/internal/wordset"
	"github.com/attune-dev/attune/triggers"
)

//go:embed lists/*.toml
var files embed.FS

// How a list's items are answered.
const (
	// AnswerLight: STOP, ASK FIRST, GO, curious, or skip.
	AnswerLight = "light"
	// AnswerTrigger: a trigger of low, medium or high intensity, not
	// for me, or skip.
	AnswerTrigger = "trigger"
)

// List is one starter list.
type List struct {
	Version int    `toml:"version"`
	Name    string `toml:"name"`
	Title   string `toml:"title"`
	About   string `toml:"about"` // a few words for the list of lists
	// Note is the content note shown before the first item.
	Note   string `toml:"note"`
	Answer string `toml:"answer"`
	// Category is the trigger category of every item of a trigger list
	// that does not name its own.
	Category triggers.Category `toml:"category"`
	Items    []Item            `toml:"item"`
	// Retired are numbers whose items were taken out: a key in a map
	// keeps meaning what it meant, so they are never given again.
	Retired []int `toml:"retired"`
}

// Item is one item of a list.
type Item struct {
	N        int               `toml:"n"`
	Text     string            `toml:"text"`
	Category triggers.Category `toml:"category"`
}

// Key is the item's stable key: "touch/14".
func (l *List) Key(it Item) string { return l.Name + "/" + strconv.Itoa(it.N) }

// CategoryOf is the trigger category of an item of a trigger list.
func (l *List) CategoryOf(it Item) triggers.Category {
	if it.Category != "" {
		return it.Category
	}
	return l.Category
}

// order is the order lists are offered in: the gentlest first.
var order = []string{"basics", "touch", "positions", "senses", "words"}

var loaded = sync.OnceValues(func() ([]*List, error) {
	var out []*List
	for _, name := range order {
		data, err := files.ReadFile("lists/" + name + ".toml")
		if err != nil {
			return nil, err
		}
		var l List
		md, err := toml.Decode(string(data), &l)
		if err != nil {
			return nil, fmt.Errorf("starter list %s: %w", name, err)
		}
		if und := md.Undecoded(); len(und) > 0 {
			return nil, fmt.Errorf("starter list %s: unknown keys %v", name, und)
		}
		if err := l.check(name); err != nil {
			return nil, fmt.Errorf("starter list %s: %w", name, err)
		}
		out = append(out, &l)
	}
	return out, nil
})

// check holds a list to its rules: the name it is filed under, a way of
// answering, items numbered once each and never with a retired number, a
// category for each trigger.
func (l *List) check(name string) error {
	switch {
	case l.Version < 1:
		return fmt.Errorf("no version")
	case l.Name != name:
		return fmt.Errorf("named %q", l.Name)
	case l.Title == "" || l.Note == "" || l.About == "":
		return fmt.Errorf("a title, a few words about it and a content note are needed")
	case l.Answer != AnswerLight && l.Answer != AnswerTrigger:
		return fmt.Errorf("answer %q", l.Answer)
	}
	seen := map[int]bool{}
	for _, it := range l.Items {
		if it.N < 1 || seen[it.N] || it.Text == "" {
			return fmt.Errorf("item %d: a number used once, and a text", it.N)
		}
		if slices.Contains(l.Retired, it.N) {
			return fmt.Errorf("item %d: the number is retired, and is never given again", it.N)
		}
		seen[it.N] = true
		if l.Answer == AnswerTrigger && !l.CategoryOf(it).Valid() {
			return fmt.Errorf("item %d: no trigger category", it.N)
		}
	}
	return nil
}

// Lists returns every starter list, in the order they are offered.
func Lists() []*List {
	ls, err := loaded()
	if err != nil {
		panic(err) // the embedded files are checked by the tests
	}
	return ls
}

// Words is how a list may be named.
var Words = func() *wordset.Set[string] {
	var words []wordset.Word[string]
	for _, name := range order {
		words = append(words, wordset.Word[string]{Value: name, Names: []string{name}})
	}
	return wordset.New("starter list", words...)
}()

// Find returns the list with this name.
func Find(name string) (*List, bool) {
	i := slices.IndexFunc(Lists(), func(l *List) bool { return l.Name == name })
	if i < 0 {
		return nil, false
	}
	return Lists()[i], true
}

// Item returns the item with this key ("touch/14").
func ItemOf(key string) (*List, Item, bool) {
	for _, l := range Lists() {
		for _, it := range l.Items {
			if l.Key(it) == key {
				return l, it, true
			}
		}
	}
	return nil, Item{}, false
}
