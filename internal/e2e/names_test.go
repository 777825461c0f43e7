package e2e

import (
	"os"
	"strings"
)

// Partner names are what they look like: a name with a character that
// shows nothing, or one that looks like the name of someone already
// there, is refused where it enters. The store's template has Alex as a
// partner and Alex's map imported.
func nameRows() []badInput {
	const (
		cyrillicAlex = "\u0410lex"  // Cyrillic capital A, then Latin "lex"
		cyrillicRobn = "R\u043ebin" // Cyrillic small o
	)
	exportNamed := func(name string) func(*env) {
		return writeExport(strings.Replace(validExport, `name = "Alex"`, `name = "`+name+`"`, 1))
	}
	// importedRobin imports a map from Robin (signed with Robin's own
	// key), who has no public key here: a look-alike of an imported name
	// is refused as one of a partner's.
	importedRobin := func(e *env) {
		writeSignedBy(strings.Replace(validExport, `name = "Alex"`, `name = "Robin"`, 1))(e)
		e.must("import", exportPath(e))
		os.Remove(exportPath(e))
	}
	invisible := "type the name without it"
	return []badInput{
		{name: "partner name with a zero-width space", args: []string{"partner", "add", "Bl\u200bake", alexKeyArg},
			want: "partner name contains an invisible character (U+200B) at character 3", hint: invisible, code: 1},
		{name: "partner name with a soft hyphen", args: []string{"partner", "add", "Bl\u00adake", alexKeyArg},
			want: "partner name contains an invisible character (U+00AD) at character 3", hint: invisible, code: 1},
		{name: "partner name with a joiner between Latin letters", args: []string{"partner", "add", "Bla\u200dke", alexKeyArg},
			want: "partner name contains an invisible character (U+200D) at character 3", hint: "a joiner is kept only where it changes how the name looks", code: 1},
		{name: "partner name with a tag outside a flag", args: []string{"partner", "add", "Blake\U000E0041\U000E007F", alexKeyArg},
			want: "invisible character (U+E0041)", hint: invisible, code: 1},
		{name: "partner name of 65 characters", args: []string{"partner", "add", strings.Repeat("e\u0301", 65), alexKeyArg},
			want: "a partner name is at most 64 characters", code: 1},
		{name: "partner name that looks like a partner's", args: []string{"partner", "add", cyrillicAlex, alexKeyArg},
			want: `"` + cyrillicAlex + `" looks the same as "Alex" but is written with other characters (U+0410, U+0041)`,
			hint: `you already have a partner called "Alex", whose name looks the same; choose another name`, code: 1},
		{name: "partner name that looks like an imported name", setup: importedRobin, args: []string{"partner", "add", cyrillicRobn, alexKeyArg},
			want: `looks the same as "Robin"`, hint: "choose another name", code: 1},
		{name: "import, name with a zero-width space", setup: exportNamed(`Al\u200bex`), args: []string{"import", "from-alex.age"},
			want: `the name in from-alex.age, "Al\u200bex", contains an invisible character (U+200B) at character 3`,
			hint: "name them yourself: attune import from-alex.age --as NAME", code: 1},
		{name: "import, name that looks like a partner's", setup: exportNamed(cyrillicAlex), args: []string{"import", "from-alex.age"},
			want: `the name in from-alex.age, "` + cyrillicAlex + `", looks the same as "Alex"`,
			hint: "if this is their map: attune import from-alex.age --as Alex", code: 1},
		{name: "import --as a look-alike", setup: exportNamed("Sasha"), args: []string{"import", "from-alex.age", "--as", cyrillicAlex},
			want: `"` + cyrillicAlex + `" looks the same as "Alex"`, hint: "--as Alex", code: 1},
		{name: "import --as a name with a soft hyphen", setup: exportNamed("Sasha"), args: []string{"import", "from-alex.age", "--as", "Sa\u00adsha"},
			want: "partner name contains an invisible character (U+00AD)", hint: invisible, code: 1},
		{name: "list --partner with a zero-width space", args: []string{"list", "--partner", "Al\u200bex"},
			want: "invisible character (U+200B)", hint: invisible, code: 1},
		{name: "own name with a zero-width space, init", setup: noStore, args: []string{"init", "--name", "Sa\u200bm"},
			want: "your name contains an invisible character (U+200B) at character 3", hint: invisible, code: 1},
		{name: "own name with a zero-width space, set", args: []string{"set", "name", "Sa\u200bm"},
			want: "your name contains an invisible character (U+200B) at character 3", hint: invisible, code: 1},
		{name: "own name with a soft hyphen, editor", setup: editorSaves("name = \"Sa\u00adm\"\n"), args: []string{"edit"}, env: []string{"EDITOR=./editor.sh"},
			want: "your name contains an invisible character (U+00AD) at character 3", code: 1},
		{name: "export to a look-alike of a partner", args: []string{"export", "--partner", cyrillicAlex, "--output", "x.age"},
			want: `there is no partner called "` + cyrillicAlex + `"`,
			hint: `your partner "Alex" has a name that looks the same but is written with other characters (U+0410, U+0041)`, code: 1},
	}
}

func init() { badInputs = append(badInputs, nameRows()...) }
