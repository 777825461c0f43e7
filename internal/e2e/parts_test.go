package e2e

import "strings"

// The parts of the map beside boundaries and triggers: signs, aftercare,
// curiosities, what to do if one freezes or stops, and conditions on
// ASK FIRST. The store's template has b1 (a STOP) and t1; rawMap rows
// write a map by hand.
func partRows() []badInput {
	long := strings.Repeat("é", 1001)
	return []badInput{
		// Typed.
		{name: "sign with an unknown kind", args: []string{"add", "sign", "fine", "I smile"}, want: `unknown kind of sign "fine"`, code: 2},
		{name: "sign with no text", args: []string{"add", "sign", "not-ok"}, want: "add sign needs some text", code: 2},
		{name: "sign with empty text", args: []string{"add", "sign", "ok", ""}, want: "text is empty", code: 1},
		{name: "sign too long", args: []string{"add", "sign", "ok", long}, want: "longer than 1000 characters", code: 1},
		{name: "sign with an escape", args: []string{"add", "sign", "ok", "I " + esc + "[2Jsmile"}, want: "control character (U+001B)", code: 1},
		{name: "aftercare with an unknown time", args: []string{"add", "aftercare", "--when", "tonight", "Tea"}, want: `unknown time "tonight"`, code: 2},
		{name: "aftercare with no text", args: []string{"add", "aftercare"}, want: "add aftercare needs some text", code: 2},
		{name: "aftercare with invisible text", args: []string{"add", "aftercare", "\u200b"}, want: "text has no visible characters", code: 1},
		{name: "aftercare note with a bell", args: []string{"add", "aftercare", "Tea", "--note", "hot" + bel}, want: "note contains a control character", code: 1},
		{name: "curious with no text", args: []string{"add", "curious"}, want: "add curious needs some text", code: 2},
		{name: "curious too long", args: []string{"add", "curious", long}, want: "longer than 1000 characters", code: 1},
		{name: "condition on a STOP", args: []string{"add", "boundary", "red", "Being watched", "--only-if", "never"}, want: "--only-if is for ASK FIRST boundaries, and this one is ■ STOP", code: 2},
		{name: "condition on a GO", args: []string{"add", "boundary", "green", "Hugs", "--only-if", "I ask"}, want: "--only-if is for ASK FIRST boundaries, and this one is ● GO", code: 2},
		{name: "condition on a STOP, edit", args: []string{"edit", "b1", "--only-if", "if I say so"}, want: "--only-if is for ASK FIRST boundaries, and this one is ■ STOP", code: 1},
		{name: "condition with a new light of STOP, edit", args: []string{"edit", "b1", "--light", "red", "--only-if", "if I say so"}, want: "--only-if is for ASK FIRST boundaries, and this one is ■ STOP", code: 2},
		{name: "condition with an escape", args: []string{"add", "boundary", "yellow", "Blindfolds", "--only-if", "I " + esc + "]52;c;aGk=" + bel}, want: "only if contains a control character", code: 1},
		{name: "condition with no visible characters", args: []string{"add", "boundary", "yellow", "Blindfolds", "--only-if", "\u200b"}, want: "only if has no visible characters", code: 1},
		{name: "a light's flag on a trigger", args: []string{"edit", "t1", "--only-if", "I ask"}, want: "t1 is a trigger and has no --only-if", code: 2},
		{name: "a sign's flag on a boundary", args: []string{"edit", "b1", "--kind", "ok"}, want: "b1 is a boundary and has no --kind", code: 2},
		{name: "a time on a boundary", args: []string{"edit", "b1", "--when", "after"}, want: "b1 is a boundary and has no --when", code: 2},
		{name: "unknown kind, edit", setup: addFirst("sign", "ok", "I smile"), args: []string{"edit", "s1", "--kind", "fine"}, want: `unknown kind of sign "fine"`, code: 2},
		{name: "unknown time, edit", setup: addFirst("aftercare", "Tea"), args: []string{"edit", "a1", "--when", "soon"}, want: `unknown time "soon"`, code: 2},
		{name: "unknown id of a sign", args: []string{"edit", "s9", "--text", "I smile"}, want: `no entry with the id "s9"`, code: 1},
		{name: "if-frozen empty", args: []string{"set", "if-frozen", ""}, want: "if I freeze is empty", code: 1},
		{name: "if-frozen with an escape", args: []string{"set", "if-frozen", "Stop " + esc + "[2J"}, want: "if I freeze contains a control character", code: 1},
		{name: "if-we-stop too long", args: []string{"set", "if-we-stop", long}, want: "longer than 1000 characters", code: 1},
		{name: "list signs with a light", args: []string{"list", "signs", "--light", "red"}, want: "list signs has no --light", code: 2},

		// Written by hand.
		{name: "sign with an unknown kind in the file", setup: rawMap("version = 2\n[[sign]]\nid = \"s1\"\nkind = \"fine\"\ntext = \"I smile\"\n"), args: []string{"list"}, want: "unknown kind of sign", code: 1},
		{name: "aftercare without a time in the file", setup: rawMap("version = 2\n[[aftercare]]\nid = \"a1\"\ntext = \"Tea\"\n"), args: []string{"list"}, want: "aftercare a1", code: 1},
		{name: "curiosity with an escape in the file", setup: rawMap("version = 2\n[[curious]]\nid = \"c1\"\ntext = \"a \\u001b[2J b\"\n"), args: []string{"list"}, want: "control character", code: 1},
		{name: "a sign's id on aftercare in the file", setup: rawMap("version = 2\n[[aftercare]]\nid = \"s1\"\nwhen = \"after\"\ntext = \"Tea\"\n"), args: []string{"list"}, want: "the id must be a followed by a number", code: 1},
		{name: "condition on a STOP in the file", setup: rawMap("version = 2\n[[boundary]]\nid = \"b1\"\nlight = \"red\"\ntext = \"Choking\"\nonly_if = \"never\"\n"), args: []string{"list"}, want: "only an ASK FIRST boundary has a condition", code: 1},
		{name: "new parts in a version-1 file", setup: rawMap("version = 1\n[[curious]]\nid = \"c1\"\ntext = \"Dancing\"\n"), args: []string{"list"}, want: "the map says version 1 but uses [[curious]] (version 2)", code: 1},
		{name: "import, an anchor inside", setup: writeExport("anchor = \"mine\"\n" + validExport), args: []string{"import", "from-alex.age"}, want: "a secret key or a private anchor", code: 1},
		{name: "from that is no list item, in the file", setup: rawMap("version = 2\n[[boundary]]\nid = \"b1\"\nlight = \"red\"\ntext = \"Choking\"\nfrom = \"../etc\"\n"), args: []string{"list"}, want: "from is not the key of a starter-list item", code: 1},
		{name: "anchor with an escape", args: []string{"set", "anchor", "Now " + esc + "[2J"}, want: "anchor contains a control character", code: 1},
		{name: "if_frozen with an escape in the file", setup: rawMap("version = 2\nif_frozen = \"\\u001b]0;x\\u0007\"\n"), args: []string{"list"}, want: "control character", code: 1},
	}
}

// addFirst adds an entry to the store before the row runs.
func addFirst(args ...string) func(*env) {
	return func(e *env) { e.must(append([]string{"add"}, args...)...) }
}

func init() { badInputs = append(badInputs, partRows()...) }
