package e2e

// Learning together: starter lists, and later the guide, grounding and
// compare. The store's template has b1, t1, and Alex's map imported.
func learnRows() []badInput {
	return []badInput{
		{name: "start, unknown list", args: []string{"start", "kink"}, want: `unknown starter list "kink"`, code: 2},
		{name: "start off a terminal", args: []string{"start", "touch"}, want: "attune start touch asks its questions at a terminal, and there is none here", hint: "attune start touch --answers FILE", code: 2},
		{name: "start, an item of another list", setup: writeFile("answers.txt", "basics/3 go\n"), args: []string{"start", "touch", "--answers", "answers.txt"}, want: `answers.txt: line 1: "basics/3" is not an item of the touch list`, code: 1},
		{name: "start, an item that does not exist", setup: writeFile("answers.txt", "touch/999 go\n"), args: []string{"start", "touch", "--answers", "answers.txt"}, want: `"touch/999" is not an item of the touch list`, code: 1},
		{name: "start, a light for a trigger", setup: writeFile("answers.txt", "senses/1 go\n"), args: []string{"start", "senses", "--answers", "answers.txt"}, want: `answers.txt: line 1: "go" is not an answer`, hint: "answers here are low, medium, high, not-for-me or skip", code: 1},
		{name: "start, answers file missing", args: []string{"start", "touch", "--answers", "no-such-answers.txt"}, want: "there is no file no-such-answers.txt", code: 1},
		{name: "start, answers from a folder", args: []string{"start", "touch", "--answers", "home"}, want: "home is a folder", code: 1},
		{name: "start, an escape in the answers", setup: writeFile("answers.txt", "touch/1 \x1b[2Jgo\n"), args: []string{"start", "touch", "--answers", "answers.txt"}, want: `is not an answer`, code: 1},
		{name: "compare without a partner", args: []string{"compare"}, want: "compare needs --partner NAME", code: 2},
		{name: "compare with someone not imported", args: []string{"compare", "--partner", "Nobody"}, want: `nothing has been imported from "Nobody"`, code: 1},
		{name: "compare, --json and --format", args: []string{"compare", "--partner", "Alex", "--json", "--format", "html"}, want: "--json and --format cannot be used together", code: 2},
		{name: "compare, unknown format", args: []string{"compare", "--partner", "Alex", "--format", "pdf"}, want: `unknown format "pdf"`, code: 2},
		{name: "guide, unknown topic", args: []string{"guide", "partnr"}, want: `unknown guide topic "partnr"`, hint: "did you mean partner?", code: 2},
		{name: "guide --man with a topic", args: []string{"guide", "partner", "--man"}, want: "--man takes no topic", code: 2},
		{name: "ground off a terminal", args: []string{"ground"}, want: "attune ground walks through its steps at a terminal, and there is none here", hint: "attune guide grounding", code: 2},
	}
}

func init() { badInputs = append(badInputs, learnRows()...) }
