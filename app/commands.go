package app

import (
	"github.com/urfave/cli/v2"

	"github.com/attune-dev/attune/export"
)

// commands is the whole command surface of attune, in one place: each
// command, its arguments (ArgsUsage, read by the grammar: LIGHT TEXT...,
// [ID], NAME [KEY...]; the placeholders are the kinds in kinds.go), its
// flags (a value flag names its placeholder in `backquotes`), and its
// examples (UsageText, one a line). Argument handling, completion, help
// and the man page are all made from it. Each command's action lives in
// the file named after it.
func commands() []*cli.Command {
	return []*cli.Command{
		{
			Name:  "init",
			Usage: "create your store and a new key",
			Description: "Creates the store folder, a new age identity (your key, kept outside the folder, in " +
				"$XDG_CONFIG_HOME/attune/keys) and an empty map, and prints your public key to give to your partner. " +
				"With the global --identity FILE, adopts an existing age identity or SSH key instead of making a new " +
				"one. Refuses to touch an existing store, and a folder that holds other files. With --join, in a data " +
				"folder synced or cloned from another device, makes this device's own key and prints its public key, " +
				"for a device that opens the map to add (attune key add KEY).",
			UsageText: "attune init --name Sam\nattune init --passphrase\nattune init --git\nattune init --join",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "name", Usage: "your `NAME` as your partner will see it"},
				&cli.BoolFlag{Name: "passphrase", Aliases: []string{"p"}, Usage: "protect the new key with a passphrase"},
				&cli.BoolFlag{Name: "pq", Usage: "make a post-quantum hybrid key (age1pq…)"},
				&cli.BoolFlag{Name: "git", Usage: "keep the store in git, to sync it between your devices (as `attune git init`)"},
				&cli.StringFlag{Name: "label", Usage: "a short `LABEL` for this device's key (laptop, phone)"},
				&cli.BoolFlag{Name: "join", Usage: "on another device, in a synced or cloned data folder: make this device's own key, for a device that opens the map to add"},
			},
			Action: run(initAction),
		},
		{
			Name:  "add",
			Usage: "add a boundary, a trigger, a sign, aftercare, or something you're curious about",
			Subcommands: []*cli.Command{
				{
					Name:      "boundary",
					Usage:     "add a boundary: red light STOP, yellow light ASK FIRST, green light GO",
					ArgsUsage: "LIGHT [TEXT...]",
					Description: "Adds a boundary with its light. A light of two words is typed in quotes " +
						"(\"ask first\", \"red light\"). The text may be several words, quoted or not; " +
						"given no text at a terminal, attune asks for it, so that it never shows in `ps` or " +
						"your shell's history (- reads it from standard input). A boundary whose text you " +
						"already have is refused, unless --again.",
					UsageText: "attune add boundary red \"Being held down\" --note \"wrists especially\"\n" +
						"attune add boundary \"ask first\" Taking my clothes off\n" +
						"attune add boundary \"ask first\" Blindfolds --only-if \"I hold it and can take it off myself\"\n" +
						"attune add boundary red --private",
					Flags:  []cli.Flag{onlyIfFlag(), noteFlag(), privateFlag(), shareWithFlag(), againFlag()},
					Action: run(addBoundaryAction),
				},
				{
					Name:      "trigger",
					Usage:     "add a trigger and what helps when it comes up",
					ArgsUsage: "CATEGORY [TEXT...]",
					Description: "Adds a trigger in a category, with how strong it is and what helps. Given no " +
						"text at a terminal, attune asks for it (- reads it from standard input). A trigger " +
						"whose text you already have in that category is refused, unless --again.",
					UsageText: "attune add trigger smells \"A particular aftershave\" --intensity high --helps \"Open a window\"\n" +
						"attune add trigger touch --helps -",
					Flags:  []cli.Flag{intensityFlag("how strong it is"), helpsFlag(), noteFlag(), privateFlag(), shareWithFlag(), againFlag()},
					Action: run(addTriggerAction),
				},
				{
					Name:      "sign",
					Usage:     "add a sign your partner can see: that you're not OK, or that you're enjoying this",
					ArgsUsage: "KIND [TEXT...]",
					Description: "Adds something your partner can notice without words: not-ok, a sign you are not OK " +
						"(checked out, frozen, going along), or ok, a sign you are enjoying this. Someone who " +
						"freezes may not be able to say the stop word; what a partner can see matters. A good " +
						"sign is never a yes by itself: every view your partner reads says so.",
					UsageText: "attune add sign not-ok \"I go quiet and stop moving\"\n" +
						"attune add sign ok \"I laugh and pull you closer\"",
					Flags:  []cli.Flag{noteFlag(), privateFlag(), shareWithFlag(), againFlag()},
					Action: run(addSignAction),
				},
				{
					Name:      "aftercare",
					Usage:     "add care you need after being together, if we stop, or the next day",
					ArgsUsage: "[TEXT...]",
					Description: "Adds a piece of aftercare: after being together (the default), if we stop " +
						"(--when after-stop: what helps after a stop, shown with what to do right then, " +
						"`attune set if-we-stop`), or the next day. Written down before it is needed: in the " +
						"low after a trigger, talking is hard.",
					UsageText: "attune add aftercare \"A blanket and a glass of water\"\n" +
						"attune add aftercare --when after-stop \"Sit with me; no need to talk\"\n" +
						"attune add aftercare --when next-day \"A message to check in\"",
					Flags:  []cli.Flag{whenFlag("the time it is for: after (the default), after-stop or next-day"), noteFlag(), privateFlag(), shareWithFlag(), againFlag()},
					Action: run(addAftercareAction),
				},
				{
					Name:      "curious",
					Usage:     "add something you're curious about; only you bring it up",
					ArgsUsage: "[TEXT...]",
					Description: "Adds something you are curious about, with no plan and no date. Your partner " +
						"sees it under \"" + export.BringUp + "\"",
					UsageText: "attune add curious \"Slow massage with oil\"",
					Flags:     []cli.Flag{noteFlag(), privateFlag(), shareWithFlag(), againFlag()},
					Action:    run(addCuriousAction),
				},
			},
		},
		{
			Name:      "list",
			Aliases:   []string{"ls"},
			Usage:     "show your map, or a partner's",
			ArgsUsage: "[SECTION]",
			Description: "Shows your map: your stop word and signal; how to read you (signs you're not OK, " +
				"what to do if you freeze); the boundaries STOP, ASK FIRST and GO; the triggers by category " +
				"with what helps, the strongest first; what to do if you stop, and aftercare; signs you're " +
				"enjoying this; what you're curious about.",
			UsageText: "attune list\nattune list boundaries --light red\nattune list --partner Alex",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "light", Usage: "only boundaries with this `LIGHT`"},
				&cli.StringFlag{Name: "category", Usage: "only triggers in this `CATEGORY`"},
				&cli.BoolFlag{Name: "json", Usage: "print JSON (the shape is described in the README)"},
				&cli.StringFlag{Name: "partner", Usage: "show the map last imported from partner `NAME`"},
				&cli.StringFlag{Name: "from", Usage: "show the map in an export `FILE` a partner sent you", TakesFile: true},
				&cli.StringFlag{Name: "for", Usage: "show exactly what partner `NAME` would receive from attune export"},
			},
			Action: run(listAction),
		},
		{
			Name:      "edit",
			Usage:     "change an entry, or your whole map in your editor",
			ArgsUsage: "[ID]",
			Description: "With an id, changes the fields of that entry given as flags; the others stay as they are. " +
				"With no id, opens your name, stop word, signal and entries in your editor ($VISUAL or $EDITOR), " +
				"as TOML, and saves what you changed when you close it. That file is not encrypted: it is kept " +
				"in memory (XDG_RUNTIME_DIR or /dev/shm on a tmpfs), 0600, and removed when the editor closes.",
			UsageText: "attune edit b3 --light red\nattune edit t2 --helps \"Fresh air, and time\"\n" +
				"attune edit b5 --only-if \"we've talked about it that day\"\nattune edit a2 --when next-day\nattune edit",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "text", Usage: "the new text; - reads it from standard input: `TEXT`"},
				&cli.StringFlag{Name: "light", Usage: "the new `LIGHT` (boundaries)"},
				onlyIfFlag(),
				&cli.StringFlag{Name: "category", Usage: "the new `CATEGORY` (triggers)"},
				intensityFlag("the new intensity (triggers)"),
				helpsFlag(),
				&cli.StringFlag{Name: "kind", Usage: "the new `KIND` (signs)"},
				whenFlag("the new time (aftercare)"),
				noteFlag(),
				&cli.BoolFlag{Name: "private", Usage: "keep this entry to yourself: never shared with a partner"},
				&cli.BoolFlag{Name: "shared", Usage: "share this entry with every partner"},
				shareWithFlag(),
			},
			Action: run(editAction),
		},
		{
			Name:        "remove",
			Aliases:     []string{"rm"},
			Usage:       "remove entries",
			ArgsUsage:   "ID...",
			Description: "Removes the entries with these ids. `attune undo` brings them back.",
			UsageText:   "attune remove b3 t4",
			Action:      run(removeAction),
		},
		{
			Name:      "set",
			Usage:     "set your name, stop word, stop signal, what to do if you freeze or stop, or your anchor",
			ArgsUsage: "SETTING [VALUE...]",
			Description: "Sets your name, your stop word (safeword), your non-verbal stop signal, what your " +
				"partner can do if you go still or quiet (if-frozen), or what to do right then when the stop " +
				"word or signal is used (if-we-stop), or your anchor: a sentence of your own that `attune ground` " +
				"shows when a trigger hits (it never leaves this machine); --clear removes it.",
			UsageText: "attune set safeword pineapple\nattune set signal two taps on the shoulder\n" +
				"attune set if-frozen \"Stop, sit beside me, and say my name softly\"\n" +
				"attune set if-we-stop \"Let go of me, stay close, ask what I need\"\nattune set signal --clear",
			Flags: []cli.Flag{
				&cli.BoolFlag{Name: "clear", Usage: "remove the value"},
			},
			Action: run(setAction),
		},
		{
			Name:      "guide",
			Usage:     "short pages for you and your partner: stopping, freezing, aftercare, grounding and more",
			ArgsUsage: "[TOPIC]",
			Description: "Shows a page of the guide, in plain words, offline: partner (what the map is, and what " +
				"to do when the stop word, the signal or stillness happens), freeze, window, checkin, aftercare, " +
				"grounding, triggers, curious. Each page names its sources. It is general information, not " +
				"therapy. With no topic, lists them; --man prints them all as the manual page attune-guide(7).",
			UsageText: "attune guide\nattune guide partner\nattune guide --man > ~/.local/share/man/man7/attune-guide.7",
			Flags: []cli.Flag{
				&cli.BoolFlag{Name: "man", Usage: "print every topic as the manual page attune-guide(7), in roff"},
				&cli.IntFlag{Name: "width", Usage: "wrap text to this many `COLUMNS` (default: the terminal's; 0: never)"},
			},
			Action: run(guideAction),
		},
		{
			Name:  "ground",
			Usage: "for the moment a trigger hits: come back to here and now, one step at a time",
			Description: "Says today's date and time and your own anchor sentence (attune set anchor), walks " +
				"through 5-4-3-2-1 one step at a time, shows your own \"what helps\", and asks what is " +
				"different now. Enter moves on; q or Ctrl-C ends it. Nothing is saved. If your key needs a " +
				"passphrase, what needs no map comes first, and the rest is offered at the end.",
			UsageText: "attune ground",
			Action:    run(groundAction),
		},
		{
			Name:      "start",
			Usage:     "find words for your map with a starter list",
			ArgsUsage: "[LIST]",
			Description: "Goes through a starter list, one item at a time, at the terminal: basics, touch, " +
				"positions (answered STOP, ASK FIRST, GO or curious), senses and words (answered as a trigger " +
				"of low, medium or high intensity, or not for me). Each list begins with a note on what is in " +
				"it. Enter skips an item, n at the start leaves the whole list, q stops and keeps what you " +
				"answered; nothing is saved before that, and nothing counts what is left. Each answer becomes " +
				"an entry of your map, which remembers the item it answers (so two maps can be compared); an " +
				"item already in your map is not added again. With no list, shows the lists.",
			UsageText: "attune start\nattune start basics\nattune start touch --answers answers.txt",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "answers", Usage: "answer from `FILE`, a line per item: its key and its answer (touch/3 go); - reads standard input", TakesFile: true},
			},
			Action: run(startAction),
		},
		{
			Name:  "key",
			Usage: "print your public key, or the line to give your partner",
			Description: "Prints your public key (age1…) on one line, for age -r and scripts. It is not secret. " +
				"`attune key share` prints the line to give your partner: your public key and the key " +
				"that signs your exports, so their attune can tell your files from anyone else's.",
			UsageText: "attune key\nattune key share\nattune key list",
			Flags:     []cli.Flag{&cli.BoolFlag{Name: "age", Usage: "print the age public key (the default)"}},
			Action:    run(keyAction),
			Subcommands: []*cli.Command{
				{
					Name:        "share",
					Usage:       "print the one line to give your partner: your public key and your signing key",
					Description: "Prints one line that carries both your public key and the public key that signs your exports. Your partner adds you with it: attune partner add YOUR-NAME LINE.",
					UsageText:   "attune key share",
					Action:      run(keyShareAction),
				},
				{
					Name:    "list",
					Aliases: []string{"ls"},
					Usage:   "show your keys: every file of your map is encrypted to each of them",
					Description: "Shows your keys (one for each device, and any recovery key), with their labels; " +
						"marks this device's, and says where this device keeps it.",
					UsageText: "attune key list",
					Action:    run(keyListAction),
				},
				{
					Name:      "add",
					Usage:     "add a key of yours (another device's): your map and every file are then encrypted to it too",
					ArgsUsage: "KEY",
					Description: "Adds a public key of yours, such as the one `attune init --join` printed on another " +
						"device, and encrypts your map, its earlier version, your journal and your imports to it too. " +
						"Post-quantum and classic keys cannot be mixed. Asks for your passphrase, if your key has one.",
					UsageText: "attune key add age1… --label phone",
					Flags:     []cli.Flag{labelFlagDef("a short `LABEL` for it (laptop, phone)")},
					Action:    run(keyAddAction),
				},
				{
					Name:      "remove",
					Aliases:   []string{"rm"},
					Usage:     "remove one of your keys: no file in the store is encrypted to it any more",
					ArgsUsage: "KEY-OR-LABEL",
					Description: "Encrypts every file again without that key. It does not reach earlier copies: the git " +
						"history, backups and other devices' copies not yet synced still open with it (`attune key " +
						"rotate` makes new keys). The last key this device can open your map with is never removed.",
					UsageText: "attune key remove phone",
					Action:    run(keyRemoveAction),
				},
				{
					Name:  "recovery",
					Usage: "make a recovery key, shown once to write down or print and keep offline",
					Description: "Makes a new key, prints it once (it is never stored), and encrypts your map and every " +
						"file to it too: with it, your map opens on any computer, with attune or with plain age, even if " +
						"every device is lost.",
					UsageText: "attune key recovery\nattune key recovery --output recovery-key.txt",
					Flags: []cli.Flag{labelFlagDef("a `LABEL` for it (default: recovery)"),
						&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write it to a new `FILE` only you can read (0600), to print and then delete, instead of the screen", TakesFile: true}},
					Action: run(keyRecoveryAction),
				},
				{
					Name:  "rotate",
					Usage: "make new keys after a device was lost or a key may have been copied",
					Description: "Makes a new key for this device, a new key for partners and a new signing key, and " +
						"encrypts every file again. Your next export to each partner tells them, signed with your old " +
						"signing key; their attune records the new keys, and you compare safety codes again.",
					UsageText: "attune key rotate",
					Action:    run(keyRotateAction),
				},
				{
					Name:  "move",
					Usage: "move a key kept inside the data folder out of it",
					Description: "For a store made before keys were kept apart: copies the key to this device's folder " +
						"of keys ($XDG_CONFIG_HOME/attune/keys), checks that the copy opens your map, records it, and " +
						"only then removes the key from the data folder.",
					UsageText: "attune key move",
					Action:    run(keyMoveAction),
				},
			},
		},
		{
			Name:  "partner",
			Usage: "the people you share your map with, and their public keys",
			Subcommands: []*cli.Command{
				{
					Name:      "add",
					Usage:     "add a partner with the line their `attune key share` printed",
					ArgsUsage: "NAME [KEY...]",
					Description: "Records a partner and their public keys inside your encrypted map: the line their " +
						"`attune key share` printed (their age key and signing key), or age keys alone (age1…, " +
						"age1pq1…, or an SSH key line in quotes); their signing key is then recorded from the first " +
						"file of theirs you import. --replace changes the keys of a partner you have.",
					UsageText: "attune partner add Alex attune:age1…:AAAA…\nattune partner add Alex --file alex.pub\nattune partner add Alex attune:age1…:AAAA… --replace",
					Flags: []cli.Flag{
						&cli.StringSliceFlag{Name: "file", Usage: "read public keys from `FILE`, one a line (# comments), as `age -R`; - reads standard input", TakesFile: true},
						&cli.BoolFlag{Name: "replace", Usage: "replace the keys of a partner you have (they are then not verified)"},
					},
					Action: run(partnerAddAction),
				},
				{
					Name:        "list",
					Aliases:     []string{"ls"},
					Usage:       "show your partners and their public keys",
					Description: "Shows your partners, their public keys, and whose map you imported.",
					UsageText:   "attune partner list",
					Flags:       []cli.Flag{&cli.BoolFlag{Name: "json", Usage: "print JSON"}},
					Action:      run(partnerListAction),
				},
				{
					Name:      "verify",
					Usage:     "compare a safety code with a partner, to be sure you have each other's keys",
					ArgsUsage: "NAME",
					Description: "Prints a code made from both your public keys and your partner's. Their attune " +
						"shows the same code. Read it to each other, in person or on a call where you know " +
						"each other's voice: when it matches, nobody in between swapped a key. Then attune " +
						"marks them verified.",
					UsageText: "attune partner verify Alex",
					Flags:     []cli.Flag{&cli.BoolFlag{Name: "matches", Usage: "say, without being asked, that the codes matched (after you compared them)"}},
					Action:    run(partnerVerifyAction),
				},
				{
					Name:        "remove",
					Aliases:     []string{"rm"},
					Usage:       "forget a partner, and the map you imported from them",
					ArgsUsage:   "NAME",
					Description: "Forgets a partner's public keys and the map you imported from them.",
					UsageText:   "attune partner remove Alex",
					Action:      run(partnerRemoveAction),
				},
			},
		},
		{
			Name:  "export",
			Usage: "write what you share, encrypted to your partner's keys only",
			Description: "Encrypts your name, stop word, stop signal and every entry not marked private to your " +
				"partner's public keys only (not to yours), with age. Your partner reads it with " +
				"`attune import FILE`, or without attune: `age -d -i THEIR-KEY FILE`.",
			UsageText: "attune export --partner Alex --output for-alex.age\nattune export --to age1… --armor",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "partner", Usage: "export for partner `NAME` (see `attune partner list`)"},
				&cli.StringSliceFlag{Name: "to", Aliases: []string{"r", "recipient"}, Usage: "export for this public `KEY` (may be repeated), as age -r"},
				&cli.StringSliceFlag{Name: "recipients-file", Aliases: []string{"R"}, Usage: "export for the public keys in `FILE`, one a line, as age -R; - reads standard input", TakesFile: true},
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to `FILE` (default: standard output)", TakesFile: true},
				&cli.BoolFlag{Name: "armor", Aliases: []string{"a"}, Usage: "write text (PEM-armored age) instead of binary"},
			},
			Action: run(exportAction),
		},
		{
			Name:      "import",
			Usage:     "bring in the map a partner exported for you",
			ArgsUsage: "FILE",
			Description: "Reads an export your partner made for you, says what changed since their last one, " +
				"and keeps it, encrypted to your key, to show with `attune list --partner NAME`.",
			UsageText: "attune import from-alex.age\nattune import --as Alex from-alex.age",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "as", Usage: "keep it under this `NAME` (default: the name in the map)"},
				&cli.BoolFlag{Name: "older", Usage: "replace the import you have even with an export made before it"},
			},
			Action: run(importAction),
		},
		{
			Name:  "summary",
			Usage: "write your map (or a partner's) to read, print or paste",
			Description: "Writes a map in a form to read, print or paste: the name, stop word and signal; STOP, " +
				"ASK FIRST and GO; then triggers by category with what helps. Entries marked private are " +
				"left out unless --include-private. Formats: text (for the terminal), markdown (for notes " +
				"or a message), html (a card that prints on one A4 or Letter page). A summary written to a " +
				"file with --output is NOT encrypted: keep it somewhere safe and delete it when you are done.",
			UsageText: "attune summary\nattune summary --format markdown\nattune summary --format html --output card.html\nattune summary --format html --title \"Notes for Alex\" --output card.html\nattune summary --partner Alex",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "partner", Usage: "summarise the map last imported from partner `NAME`"},
				&cli.StringFlag{Name: "from", Usage: "summarise an export `FILE` a partner sent you", TakesFile: true},
				&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Usage: "the `FORMAT`: text, markdown or html (default: from --output's ending, else text)"},
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to `FILE` instead of the screen; the file is NOT encrypted", TakesFile: true},
				&cli.IntFlag{Name: "width", Usage: "wrap text to this many `COLUMNS` (default: the terminal's; off a terminal, $COLUMNS, else no wrapping; 0: never)"},
				&cli.BoolFlag{Name: "include-private", Usage: "include your entries marked private, marked \"(private)\""},
				&cli.StringFlag{Name: "title", Usage: "head it with `TEXT` instead (for example \"Notes for Alex\"); the name is then left out, unless --show-name"},
				&cli.BoolFlag{Name: "show-name", Usage: "with --title: show the name as well, under the title"},
				&cli.BoolFlag{Name: "with-guide", Usage: "add the guide's page for a partner after it (on a page of its own on the card)"},
			},
			Action: run(summaryAction),
		},
		{
			Name:  "compare",
			Usage: "your map beside a partner's: where you already meet, and their limits in full",
			Description: "Puts your map, as that partner may see it, beside the map you last imported from them. " +
				"It shows what you both marked GO and what you are both curious about (matched by the " +
				"starter-list item both answered, or by the same words), and their STOP and ASK FIRST in full, " +
				"with conditions. It never sets a wish of one of you beside a limit of the other, and gives " +
				"no score: it is not a to-do list. Written to a file with --output, it is NOT encrypted.",
			UsageText: "attune compare --partner Alex\nattune compare --partner Alex --format html --output together.html",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "partner", Usage: "compare with the map last imported from partner `NAME`"},
				&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Usage: "the `FORMAT`: text, markdown or html (default: from --output's ending, else text)"},
				&cli.BoolFlag{Name: "json", Usage: "print JSON (the shape is described in the README)"},
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to `FILE` instead of the screen; the file is NOT encrypted", TakesFile: true},
				&cli.IntFlag{Name: "width", Usage: "wrap text to this many `COLUMNS` (default: the terminal's; 0: never)"},
			},
			Action: run(compareAction),
		},
		{
			Name:  "undo",
			Usage: "put back the version of your map before the last change",
			Description: "Puts back the version of your map from before the last change (attune keeps one " +
				"encrypted earlier version). Only one level: undo of an undo brings the newer version back. " +
				"The earlier version is checked first; if it can't be read, nothing is changed. " +
				"It takes back only a change made on this device: after a sync or a merge that brought in " +
				"changes from another device, or after git changed the map outside attune (a pull, a checkout), " +
				"it has nothing to take back until you make a change here.",
			UsageText: "attune undo",
			Action:    run(undoAction),
		},

		// The private journal (journal.go, checkin.go, debrief.go,
		// helped.go): a second encrypted file, yours only, never
		// exported or shown to a partner.
		{
			Name:  "checkin",
			Usage: "check in with yourself before being intimate: how you feel, and a calm word back",
			Description: "At a terminal, asks how you feel right now (turned on, anxious, numb, enthusiastic, " +
				"dissociated, relaxed, or your own words), how much distress from 0 to 10, and whether you feel " +
				"settled, revved up, or shut down / far away; every question can be skipped with Enter. Then it " +
				"answers from what you said and from your map: what it noticed, that waiting is fine and pausing " +
				"is okay, your stop word and signal, and what helps you. It never says whether you are ready, and " +
				"gives no score. Nothing is kept unless you say so (--save): a check-in you keep goes to your " +
				"journal, which only you can read. With any flag it asks nothing.",
			UsageText: "attune checkin\nattune checkin --feel numb,anxious --level 6 --state settled\n" +
				"attune checkin --feel relaxed --words \"a bit tired\" --level 2 --state settled --save",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "feel", Usage: "how you feel: one or several of the words, with commas: `FEELINGS`"},
				&cli.StringFlag{Name: "words", Usage: "how you feel, in your own words; - reads them from standard input: `TEXT`"},
				&cli.StringFlag{Name: "level", Usage: "how much distress right now, from 0 (none) to 10 (the worst you can imagine): `LEVEL`"},
				&cli.StringFlag{Name: "state", Usage: "right now you feel settled, revved up, or shut down / far away: `STATE`"},
				&cli.StringFlag{Name: "note", Usage: "a note for you only; - reads it from standard input: `TEXT`"},
				&cli.BoolFlag{Name: "save", Usage: "keep this check-in in your journal"},
			},
			Action: run(checkinAction),
		},
		{
			Name:  "debrief",
			Usage: "after being intimate: what felt good, what to change, what came up and what helped",
			Description: "At a terminal, asks what felt good (and offers to add it as a GO), anything to change " +
				"or not do again (a STOP or an ASK FIRST), whether anything came up (a trigger by its id, or a new " +
				"one), what helped and your distress before and after, what you needed afterwards and whether you " +
				"got it, and a note for next time. Every question can be skipped, and \"not now\" is a full answer. " +
				"Your map changes only where you say yes (--add in the flags form), as `attune add` and `attune edit` " +
				"change it, so `attune undo` takes it back; the rest goes to your journal. With any flag it asks nothing.",
			UsageText: "attune debrief\nattune debrief --trigger t3 --helped \"Open a window\" --before 7 --after 3\n" +
				"attune debrief --good \"Slow kissing\" --add --note \"More of this\"\n" +
				"attune debrief --new-trigger \"A belt buckle\" --category sounds --helped \"Open a window\" --add",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "good", Usage: "what felt good; with --add it goes in your map as a GO: `TEXT`"},
				&cli.StringFlag{Name: "change", Usage: "anything to change or not do again; with --add and --light, a STOP or an ASK FIRST: `TEXT`"},
				&cli.StringFlag{Name: "light", Usage: "how --change goes in your map: stop or ask: `LIGHT`"},
				&cli.StringFlag{Name: "trigger", Usage: "the trigger that came up, by its `ID`"},
				&cli.StringFlag{Name: "new-trigger", Usage: "a trigger that came up and is not in your map (needs --category and --add): `TEXT`"},
				&cli.StringFlag{Name: "category", Usage: "the kind of the new trigger: `CATEGORY`"},
				&cli.StringFlag{Name: "helped", Usage: "what helped with it: `TEXT`"},
				&cli.StringFlag{Name: "it-helped", Usage: "whether it helped, when there are no numbers: `ANSWER`"},
				&cli.StringFlag{Name: "before", Usage: "distress before, from 0 (none) to 10 (the worst you can imagine): `LEVEL`"},
				&cli.StringFlag{Name: "after", Usage: "distress after, from 0 to 10: `LEVEL`"},
				&cli.StringFlag{Name: "needed", Usage: "what you needed afterwards: `TEXT`"},
				&cli.StringFlag{Name: "got-it", Usage: "whether you got it: `ANSWER`"},
				&cli.StringFlag{Name: "note", Usage: "a note for next time: `TEXT`"},
				&cli.BoolFlag{Name: "add", Usage: "make the changes to your map that --good, --change and --new-trigger say"},
			},
			Action: run(debriefAction),
		},
		{
			Name:      "helped",
			Usage:     "what was tried for each trigger, and how it went, from your debriefs",
			ArgsUsage: "[ID]",
			Description: "For each trigger (or the one given), what your debriefs say helped: \"helped N of M " +
				"times\" counts the debriefs that record it (M) and, of those, the ones where your distress after " +
				"was lower than before, or, without both numbers, where you said it helped (N); with the distress " +
				"before and after on average. No other score. It is read from your journal and never leaves this machine.",
			UsageText: "attune helped\nattune helped t3",
			Action:    run(helpedAction),
		},
		{
			Name:  "journal",
			Usage: "your journal: the check-ins and debriefs you kept, for you only",
			Description: "Your journal is a second encrypted file in your store, journal.toml.age, that only you can " +
				"read: it is never exported, summarised or shown to a partner, and it keeps no earlier version, so " +
				"what you forget is gone for good (`attune undo` is for the map only).",
			Subcommands: []*cli.Command{
				{
					Name:        "list",
					Aliases:     []string{"ls"},
					Usage:       "list the records of your journal, one a line",
					Description: "Lists your check-ins and debriefs, oldest first, each with its id and when it was kept.",
					UsageText:   "attune journal list",
					Action:      run(journalListAction),
				},
				{
					Name:        "show",
					Usage:       "show one record of your journal",
					ArgsUsage:   "RECORD",
					Description: "Shows everything one check-in or debrief holds.",
					UsageText:   "attune journal show j3",
					Action:      run(journalShowAction),
				},
				{
					Name:      "forget",
					Usage:     "forget records of your journal, or all of it, for good",
					ArgsUsage: "[RECORD...]",
					Description: "Removes the records with these ids from your journal, or every record with --all, " +
						"through the same safe write as every change. There is no earlier version to go back to: " +
						"what is forgotten is gone for good. At a terminal, attune asks first.",
					UsageText: "attune journal forget j3 j4\nattune journal forget --all",
					Flags:     []cli.Flag{&cli.BoolFlag{Name: "all", Usage: "forget every record"}},
					Action:    run(journalForgetAction),
				},
			},
		},
		{
			Name:      "history",
			Usage:     "show when each entry was added, changed, and looked at again",
			ArgsUsage: "[ID]",
			Description: "Shows, for every entry (or the one with this id), when it was added, each change to it (what " +
				"changed, from what, to what), and when you looked at it again with `attune review`. The history is " +
				"kept inside your encrypted map and never leaves it: no export, summary or partner's view holds any " +
				"of it. Removing an entry forgets its history too.",
			UsageText: "attune history\nattune history b3",
			Action:    run(historyAction),
		},
		{
			Name:  "review",
			Usage: "look again at your entries, one at a time: still true?",
			Description: "Asks about each entry added or last looked at longer ago than --older-than (6 months unless " +
				"you say), one at a time: keep it, change its light (a trigger's intensity), edit its words, remove " +
				"it, skip it, or stop there. Nothing is saved until the end, all at once: Ctrl-C or Ctrl-D at any " +
				"question changes nothing, and q keeps what you decided so far. Pausing is okay. The day you looked " +
				"at an entry stays in your own map, never sent to a partner (`attune history` shows it); only real changes reach a partner, " +
				"with your next export. It needs someone at the keyboard; from a script, `attune edit ID` changes an entry.",
			UsageText: "attune review\nattune review --older-than 1y",
			Flags: []cli.Flag{&cli.StringFlag{Name: "older-than",
				Usage: "look at entries added or last looked at longer ago than this `PERIOD`: 30d, 2w, 6m or 1y (default 6m)"}},
			Action: run(reviewAction),
		},
		{
			Name:  "sync",
			Usage: "bring your map and its copy on your other devices together, through git",
			Description: "For a store kept in git (`attune git init`): merges what changed on the remote since " +
				"your last sync with what changed here, entry by entry (a light changed on one device and a note " +
				"on another: both kept), then sends your changes to the remote. Where both changed the same thing " +
				"differently, the more cautious is kept and attune says so until you look (`attune merge --show`). " +
				"The store is locked throughout.",
			UsageText: "attune sync",
			Action:    run(syncAction),
		},
		{
			Name:      "merge",
			Usage:     "merge a copy of your map another sync tool left beside it, or list what a merge decided",
			ArgsUsage: "[FILE]",
			Description: "With a FILE — a copy of your own map a sync tool made (map.toml.sync-conflict-….age, " +
				"\"map.toml (… conflicted copy …).age\") — merges it into your map with the rules of `attune sync`; " +
				"--remove then removes the copy. With --show, lists what merges decided for you to look at " +
				"(a light both devices changed, two texts kept as two entries, a stop word that differs), and " +
				"stops attune mentioning them.",
			UsageText: "attune merge --show\nattune merge \"map.toml.sync-conflict-20261201-101010-ABCDEFG.age\" --remove",
			Flags: []cli.Flag{
				&cli.BoolFlag{Name: "show", Usage: "list what merges decided for you to look at, and mark it seen"},
				&cli.BoolFlag{Name: "remove", Usage: "remove the copy once it is merged"},
			},
			Action: run(mergeAction),
		},
		{
			Name:      "git",
			Usage:     "run git in your store's folder, to keep your map on several devices",
			ArgsUsage: "ARGS...",
			Description: "Runs git in the store's folder with ARGS passed to it untouched, with the store locked. " +
				"`attune git init` makes the folder a git repository (or finishes setting up one you cloned on another " +
				"device): what stays on each device (your key, partners' maps, the journal, backups) is never committed, " +
				"`git diff` and `git log -p` show your entries' changes in words (decrypted only on the screen), and " +
				"git merges your map with attune. Every change attune makes is then committed at once, with a message " +
				"that names the command, never what you wrote. Flags after `git` are git's.",
			UsageText:       "attune git init\nattune git remote add origin git@example.org:me/attune-map.git\nattune git log -p",
			SkipFlagParsing: true,
			Action:          run(gitAction),
		},
		// The drivers git runs (attune git init registers them): hidden,
		// and read before the grammar, as completion is.
		{Name: gitDiffDriver, Hidden: true, SkipFlagParsing: true, Action: run(gitDiffAction)},
		{Name: gitMergeDriver, Hidden: true, SkipFlagParsing: true, Action: run(gitMergeAction)},
		{
			Name:  "unlock",
			Usage: "ask for your passphrase once, and keep your key unlocked for a while",
			Description: "For a key protected by a passphrase: asks once and keeps the decrypted key in the " +
				"Linux kernel keyring (memory only, never on disk) until --for has passed or `attune lock`. " +
				"Where there is no kernel keyring, attune says so and keeps asking.",
			UsageText: "attune unlock --for 30m",
			Flags:     []cli.Flag{&cli.StringFlag{Name: "for", Value: "15m", Usage: "how long to stay unlocked: a `DURATION` from 1s to 24h (default 15m)"}},
			Action:    run(unlockAction),
		},
		{
			Name:  "passphrase",
			Usage: "add, change or remove the passphrase that protects your key",
			Description: "Protects the key attune made with a passphrase, changes it, or (--remove) takes it " +
				"off. The new file is checked to open your map before it replaces the old one. Without " +
				"your key, or its passphrase, your map can't be opened by anyone, you included: keep a copy.",
			UsageText: "attune passphrase\nattune passphrase --remove",
			Flags:     []cli.Flag{&cli.BoolFlag{Name: "remove", Usage: "take the passphrase off"}},
			Action:    run(passphraseAction),
		},
		{
			Name:        "lock",
			Usage:       "forget the unlocked key now",
			Description: "Forgets the key `attune unlock` kept; the passphrase is asked for again.",
			UsageText:   "attune lock",
			Action:      run(lockAction),
		},
		{
			Name:        "completion",
			Usage:       "print a shell completion script (bash, zsh or fish)",
			ArgsUsage:   "SHELL",
			Description: "Prints a script that completes attune's commands, flags, their values, entry ids and partner names.",
			UsageText:   "attune completion bash > ~/.local/share/bash-completion/completions/attune",
			Action:      run(completionAction),
		},
		{
			Name:        "man",
			Usage:       "print the manual page (roff, section 1)",
			Description: "Prints this manual page, to install or read with `man -l -`.",
			UsageText:   "attune man > ~/.local/share/man/man1/attune.1\nattune man | man -l -",
			Action:      run(manAction),
		},
		{
			Name:        "help",
			Usage:       "show the help of attune or of a command",
			ArgsUsage:   "[COMMAND...]",
			Description: "Shows what a command does, its arguments and the values they accept, its flags and examples.",
			UsageText:   "attune help add boundary",
			Action:      run(helpAction),
		},
	}
}

// globalFlags are accepted anywhere on the command line.
func globalFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "dir", Usage: "the store `DIR` (default: $ATTUNE_DIR, else $XDG_DATA_HOME/attune or ~/.local/share/attune)", TakesFile: true},
		&cli.StringFlag{Name: "identity", Aliases: []string{"i"}, Usage: "the identity `FILE` to decrypt with (default: $ATTUNE_IDENTITY, else the store's own)", TakesFile: true},
		&cli.BoolFlag{Name: "no-color", Usage: "never colour the output (also: NO_COLOR=1)"},
	}
}

// Flags used by several commands come from functions: urfave/cli's flag
// values hold state between runs.
func noteFlag() cli.Flag {
	return &cli.StringFlag{Name: "note", Usage: "a note for your partner; - reads it from standard input: `TEXT`"}
}

func helpsFlag() cli.Flag {
	return &cli.StringFlag{Name: "helps", Usage: "what helps when it comes up; - reads it from standard input: `TEXT`"}
}

func intensityFlag(usage string) cli.Flag {
	return &cli.StringFlag{Name: "intensity", Usage: usage + ": `INTENSITY`"}
}

func onlyIfFlag() cli.Flag {
	return &cli.StringFlag{Name: "only-if", Usage: "for ASK FIRST: the condition it depends on; - reads it from standard input: `TEXT`"}
}

func whenFlag(usage string) cli.Flag {
	return &cli.StringFlag{Name: "when", Usage: usage + ": `WHEN`"}
}

func labelFlagDef(usage string) cli.Flag {
	return &cli.StringFlag{Name: "label", Usage: usage}
}

func againFlag() cli.Flag {
	return &cli.BoolFlag{Name: "again", Usage: "add it even though the same text is already there"}
}

func shareWithFlag() cli.Flag {
	return &cli.StringSliceFlag{Name: "share-with", Usage: "share it only with partner `NAME` (may be repeated)"}
}

func privateFlag() cli.Flag {
	return &cli.BoolFlag{Name: "private", Usage: "keep this entry to yourself: never exported to a partner or summarised"}
}
