// Package guide holds attune's guide: short pages, in plain words, that
// work offline — what the map is and what a partner does when the stop
// word, the signal or stillness happens; freezing; the window of
// tolerance; checking in; aftercare; grounding; triggers; curiosity.
// Each page ends with its sources and a line that it is not therapy.
// The pages are data files embedded in the binary.
package guide

import (
	"embed"
	"fmt"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/attune-dev/attune/internal/wordset"
)

//go:embed topics/*.toml
var files embed.FS

// Topic is one page of the guide.
type Topic struct {
	Name    string   `toml:"name"`
	Title   string   `toml:"title"`
	About   string   `toml:"about"` // a few words for the list of topics
	Body    string   `toml:"body"`
	Sources []string `toml:"sources"`
}

// NotTherapy ends every page. It names no hotline: where to find help
// differs from place to place.
const NotTherapy = "This guide is general information, not therapy. If you would like support, a local sexual-assault service, a doctor or a counsellor can help you find it where you live."

// order is the order topics are listed in: the partner's page first.
var order = []string{"partner", "freeze", "window", "checkin", "aftercare", "grounding", "triggers", "curious"}

var loaded = sync.OnceValues(func() ([]*Topic, error) {
	var out []*Topic
	for _, name := range order {
		data, err := files.ReadFile("topics/" + name + ".toml")
		if err != nil {
			return nil, err
		}
		var t Topic
		md, err := toml.Decode(string(data), &t)
		if err != nil {
			return nil, fmt.Errorf("guide topic %s: %w", name, err)
		}
		if und := md.Undecoded(); len(und) > 0 {
			return nil, fmt.Errorf("guide topic %s: unknown keys %v", name, und)
		}
		if t.Name != name || t.Title == "" || t.About == "" || t.Body == "" || len(t.Sources) == 0 {
			return nil, fmt.Errorf("guide topic %s: a name, title, a few words about it, a body and its sources are needed", name)
		}
		out = append(out, &t)
	}
	return out, nil
})

// Topics returns every topic, in the order they are listed.
func Topics() []*Topic {
	ts, err := loaded()
	if err != nil {
		panic(err) // the embedded files are checked by the tests
	}
	return ts
}

// Words is how a topic may be named.
var Words = func() *wordset.Set[string] {
	var words []wordset.Word[string]
	for _, name := range order {
		words = append(words, wordset.Word[string]{Value: name, Names: []string{name}})
	}
	return wordset.New("guide topic", words...)
}()

// Find returns the topic with this name.
func Find(name string) (*Topic, bool) {
	for _, t := range Topics() {
		if t.Name == name {
			return t, true
		}
	}
	return nil, false
}

// Block is one block of a page's body: a paragraph, or a list of
// points.
type Block struct {
	Para   string
	Points []string
}

// Blocks splits the body into paragraphs and lists: blank lines part
// blocks; lines that begin "- " are the points of a list.
func (t *Topic) Blocks() []Block {
	var out []Block
	for _, chunk := range strings.Split(strings.TrimSpace(t.Body), "\n\n") {
		lines := strings.Split(strings.TrimSpace(chunk), "\n")
		if strings.HasPrefix(lines[0], "- ") {
			var b Block
			for _, l := range lines {
				b.Points = append(b.Points, strings.TrimPrefix(l, "- "))
			}
			out = append(out, b)
			continue
		}
		out = append(out, Block{Para: strings.Join(lines, " ")})
	}
	return out
}
