package app

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/attune-dev/attune/aftercare"
	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/curious"
	"github.com/attune-dev/attune/entry"
	"github.com/attune-dev/attune/internal/cleanup"
	"github.com/attune-dev/attune/internal/safefile"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/signs"
	"github.com/attune-dev/attune/triggers"
)

// `attune edit` with no id: the person's own fields, as TOML, in their
// editor ($VISUAL, $EDITOR), as `sops edit` and `pass edit` do. Only
// what a person writes is in the file (name, stop word, signal, entries
// with their ids); what attune keeps for itself (partners and their
// keys, counters, hidden keys) stays in memory and is merged back. The
// file is the second deliberate plaintext file attune writes (the README
// says so): 0600, in a folder of its own (0700) on a memory file system,
// removed on every path out, Ctrl-C and SIGTERM included. What the
// person changed — and only that, field by field — goes through the
// ordinary locked, atomic update.

// editDoc is what the editor shows.
type editDoc struct {
	Name       string        `toml:"name"`
	Safeword   string        `toml:"safeword"`
	Signal     string        `toml:"signal"`
	IfFrozen   string        `toml:"if_frozen"`
	IfWeStop   string        `toml:"if_we_stop"`
	Boundaries []docBoundary `toml:"boundary"`
	Triggers   []docTrigger  `toml:"trigger"`
	Signs      []docSign     `toml:"sign"`
	Aftercare  []docCare     `toml:"aftercare"`
	Curious    []docCurious  `toml:"curious"`
}

type docBoundary struct {
	ID      string `toml:"id"`
	Light   string `toml:"light"`
	Text    string `toml:"text"`
	OnlyIf  string `toml:"only_if"`
	Note    string `toml:"note"`
	Private bool   `toml:"private"`
}

type docTrigger struct {
	ID        string `toml:"id"`
	Category  string `toml:"category"`
	Text      string `toml:"text"`
	Intensity string `toml:"intensity"`
	Helps     string `toml:"helps"`
	Note      string `toml:"note"`
	Private   bool   `toml:"private"`
}

type docSign struct {
	ID      string `toml:"id"`
	Kind    string `toml:"kind"`
	Text    string `toml:"text"`
	Note    string `toml:"note"`
	Private bool   `toml:"private"`
}

type docCare struct {
	ID      string `toml:"id"`
	When    string `toml:"when"`
	Text    string `toml:"text"`
	Note    string `toml:"note"`
	Private bool   `toml:"private"`
}

type docCurious struct {
	ID      string `toml:"id"`
	Text    string `toml:"text"`
	Note    string `toml:"note"`
	Private bool   `toml:"private"`
}

// docShared is what every block of the editor's file has.
type docShared struct {
	ID, Text, Note string
	Private        bool
}

func (d docBoundary) shared() docShared { return docShared{d.ID, d.Text, d.Note, d.Private} }
func (d docTrigger) shared() docShared  { return docShared{d.ID, d.Text, d.Note, d.Private} }
func (d docSign) shared() docShared     { return docShared{d.ID, d.Text, d.Note, d.Private} }
func (d docCare) shared() docShared     { return docShared{d.ID, d.Text, d.Note, d.Private} }
func (d docCurious) shared() docShared  { return docShared{d.ID, d.Text, d.Note, d.Private} }

// maxEditFile bounds what is read back from the editor.
const maxEditFile = 16 << 20

func docOf(m *mapfile.Map) editDoc {
	m = m.Sorted()
	d := editDoc{Name: m.Name, Safeword: m.Safeword, Signal: m.Signal, IfFrozen: m.IfFrozen, IfWeStop: m.IfWeStop}
	for _, b := range m.Boundaries {
		d.Boundaries = append(d.Boundaries, docBoundary{ID: b.ID, Light: string(b.Light), Text: b.Text, OnlyIf: b.OnlyIf, Note: b.Note, Private: b.Private})
	}
	for _, t := range m.Triggers {
		d.Triggers = append(d.Triggers, docTrigger{ID: t.ID, Category: string(t.Category), Text: t.Text,
			Intensity: string(t.Intensity), Helps: t.Helps, Note: t.Note, Private: t.Private})
	}
	for _, x := range m.Signs {
		d.Signs = append(d.Signs, docSign{ID: x.ID, Kind: string(x.Kind), Text: x.Text, Note: x.Note, Private: x.Private})
	}
	for _, x := range m.Aftercare {
		d.Aftercare = append(d.Aftercare, docCare{ID: x.ID, When: string(x.When), Text: x.Text, Note: x.Note, Private: x.Private})
	}
	for _, x := range m.Curious {
		d.Curious = append(d.Curious, docCurious{ID: x.ID, Text: x.Text, Note: x.Note, Private: x.Private})
	}
	return d
}

const editHeader = `# Your attune map, to edit. Save and close the editor to keep your changes;
# close it without saving to change nothing.
# - Leave each id (id = "b3") as it is: it says which entry is which.
# - To remove an entry, delete its whole block ([[boundary]], [[trigger]],
#   [[sign]], [[aftercare]] or [[curious]]).
# - To add one, write a new block without an id.
# - light: red, yellow or green; only_if, a condition, is for yellow alone.
#   category: positions, movements, activities, smells, sounds, textures,
#   words, touch or other. intensity: low, medium, high, or "".
#   kind (of a sign): not-ok or ok. when (aftercare): after, after-stop or
#   next-day.
# - A note, what helps, or what to do if you freeze or stop may span
#   lines: between """ and """.
# This file is not encrypted. attune removes it when you close the editor.
`

// encodeDoc writes the document for the editor.
func encodeDoc(d editDoc) []byte {
	var b bytes.Buffer
	b.WriteString(editHeader)
	kv := func(k, v string) { b.WriteString(k + " = " + tomlString(v) + "\n") }
	block := func(name string, sh docShared, own ...[2]string) {
		b.WriteString("\n[[" + name + "]]\n")
		kv("id", sh.ID)
		for _, f := range own {
			if f[0] == "text" {
				kv("text", sh.Text)
				continue
			}
			kv(f[0], f[1])
		}
		kv("note", sh.Note)
		fmt.Fprintf(&b, "private = %v\n", sh.Private)
	}
	text := [2]string{"text"}
	b.WriteString("\n")
	kv("name", d.Name)
	kv("safeword", d.Safeword)
	kv("signal", d.Signal)
	kv("if_frozen", d.IfFrozen)
	kv("if_we_stop", d.IfWeStop)
	for _, x := range d.Boundaries {
		block("boundary", x.shared(), [2]string{"light", x.Light}, text, [2]string{"only_if", x.OnlyIf})
	}
	for _, x := range d.Triggers {
		block("trigger", x.shared(), [2]string{"category", x.Category}, text, [2]string{"intensity", x.Intensity}, [2]string{"helps", x.Helps})
	}
	for _, x := range d.Signs {
		block("sign", x.shared(), [2]string{"kind", x.Kind}, text)
	}
	for _, x := range d.Aftercare {
		block("aftercare", x.shared(), [2]string{"when", x.When}, text)
	}
	for _, x := range d.Curious {
		block("curious", x.shared(), text)
	}
	return b.Bytes()
}

// tomlString is a TOML string for v: a basic string, or a multi-line
// one when v holds line breaks, so they read as lines in the editor.
func tomlString(v string) string {
	if !strings.Contains(v, "\n") {
		var b bytes.Buffer
		mapfile.QuoteTOML(&b, v)
		return b.String()
	}
	r := strings.NewReplacer(`\`, `\\`, `"""`, `""\"`)
	return "\"\"\"\n" + r.Replace(v) + "\"\"\""
}

// decodeDoc reads the edited file strictly: unknown keys are refused by
// name.
func decodeDoc(data []byte) (editDoc, error) {
	var d editDoc
	md, err := toml.Decode(string(data), &d)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return d, fmt.Errorf("line %d: %s", pe.Position.Line, textcheck.Neutralize(pe.Message))
		}
		return d, errors.New(textcheck.Neutralize(strings.TrimPrefix(err.Error(), "toml: ")))
	}
	if und := md.Undecoded(); len(und) > 0 {
		names := make([]string, len(und))
		for i, k := range und {
			names[i] = textcheck.Neutralize(k.String())
		}
		return d, fmt.Errorf("attune does not know %s (a typo?)", strings.Join(names, ", "))
	}
	return d, nil
}

// editMapAction is `attune edit` with no id.
func editMapAction(x *ctx) error {
	dir, err := editFolder(x)
	if err != nil {
		return err
	}
	editor := x.io.Getenv("VISUAL")
	if editor == "" {
		editor = x.io.Getenv("EDITOR")
	}
	if editor == "" {
		editor = "vi"
	}
	return withSession(x, func(s *session) error {
		m, err := s.readMap()
		if err != nil {
			return err
		}
		if _, _, err := s.writeKeys(); err != nil {
			return err
		}
		orig := docOf(m)
		work, err := os.MkdirTemp(dir, "attune-edit-")
		if err != nil {
			return fmt.Errorf("making the folder for the editor's file: %w", err)
		}
		path := filepath.Join(work, "map.toml")
		forget := cleanup.Add(func() { os.Remove(path); os.Remove(work) })
		defer func() { forget(); os.Remove(path); os.Remove(work) }()
		return editLoop(x, s, editor, path, orig)
	})
}

// editLoop opens the editor until the file is saved valid, or closed
// unchanged.
func editLoop(x *ctx, s *session, editor, path string, orig editDoc) error {
	content := encodeDoc(orig)
	problem := "" // why the last round was not saved
	for {
		if err := writeNew(path, content); err != nil {
			return err
		}
		if err := runEditor(x, editor, path); err != nil {
			return err
		}
		edited, err := safefile.Read(path, maxEditFile)
		if err != nil {
			return err
		}
		if bytes.Equal(edited, content) {
			if problem != "" {
				return fail("attune edit opens it again with what you wrote, until it is saved or closed unchanged",
					"the file was not saved (%s); nothing was changed", problem)
			}
			fmt.Fprintln(x.out(), "nothing was changed")
			return nil
		}
		doc, err := decodeDoc(edited)
		if err == nil {
			var before, after *mapfile.Map
			var moved [][2]string
			_, err = s.update(func(m *mapfile.Map) error {
				before = m.Clone()
				mv, err := mergeDoc(m, orig, doc)
				if err != nil {
					return err
				}
				moved = mv
				stampAdded(m, before, s.now())
				after = m.Clone()
				return nil
			})
			if err == nil {
				rep := changes.Compare(before, after)
				if rep.None() {
					fmt.Fprintln(x.out(), "nothing was changed")
				}
				x.reporter().report("", rep)
				for _, mv := range moved {
					x.reporter().line("", conditionMovedLine(mv[0], mv[1]))
				}
				return nil
			}
			if !fixable(err) {
				return err
			}
		}
		msg, _, _ := describe(err)
		// Said at the top of the file, opened again to fix.
		problem = oneLine(msg)
		content = append([]byte(problemLines(msg)), stripProblem(edited)...)
	}
}

// fixable: a problem in what was typed, which the person can fix in the
// editor (the others, a damaged store or a full disk, end the edit).
func fixable(err error) bool {
	var (
		ue *userError
		te *textcheck.TextError
		uv *textcheck.UnknownValueError
		ee *mapfile.EntryError
	)
	return errors.As(err, &ue) || errors.As(err, &te) || errors.As(err, &uv) || errors.As(err, &ee) || errors.As(err, new(docError))
}

// docError is a problem of the edited file itself.
type docError struct{ msg string }

func (e docError) Error() string { return e.msg }

func problemLines(msg string) string {
	return "# attune: NOT SAVED: " + strings.ReplaceAll(msg, "\n", " ") + "\n" +
		"# attune: fix it and save again, or close without saving to give up.\n\n"
}

// stripProblem takes attune's earlier problem lines off the top.
func stripProblem(data []byte) []byte {
	for bytes.HasPrefix(data, []byte("# attune: ")) {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return nil
		}
		data = data[i+1:]
	}
	return bytes.TrimLeft(data, "\n")
}

// writeNew writes the editor's file, 0600, replacing the last round's.
func writeNew(path string, content []byte) error {
	os.Remove(path)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(content); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// editFolder is where the editor's file may go: $XDG_RUNTIME_DIR or
// /dev/shm, and only on a memory file system.
func editFolder(x *ctx) (string, error) {
	for _, d := range []string{x.io.Getenv("XDG_RUNTIME_DIR"), "/dev/shm"} {
		if d != "" && filepath.IsAbs(d) && inMemory(d) {
			return d, nil
		}
	}
	return "", fail("set XDG_RUNTIME_DIR to a folder on a tmpfs, or edit entries one at a time: attune edit ID --text …",
		"attune edit opens your map in a file kept only in memory (XDG_RUNTIME_DIR or /dev/shm on a tmpfs), and there is none here; nothing was changed")
}

// editorArgs is the editor's command line: known editors are told to
// keep no swap, backup, undo or history file of what they open.
func editorArgs(editor string) string {
	first := editor
	if i := strings.IndexAny(editor, " \t"); i >= 0 {
		first = editor[:i]
	}
	name := filepath.Base(first)
	if p, err := exec.LookPath(first); err == nil {
		if r, err := filepath.EvalSymlinks(p); err == nil && strings.HasPrefix(filepath.Base(r), "vim") {
			name = "vim"
		}
	}
	switch {
	case name == "vim" || name == "nvim" || name == "gvim" || strings.HasPrefix(name, "vim."):
		return editor + ` -n -i NONE -c "set nobackup nowritebackup noundofile"`
	case name == "nano":
		return editor + " --ignorercfiles"
	case name == "emacs":
		return editor + ` --eval "(setq make-backup-files nil auto-save-default nil create-lockfiles nil)"`
	}
	return editor
}

// runEditor runs the editor on path and waits for it. Ctrl-C is the
// editor's (attune ignores it, as git does); SIGTERM and SIGHUP are
// passed on to the editor, and attune waits for it, then stops.
func runEditor(x *ctx, editor, path string) error {
	// "exec": the shell that reads $EDITOR's words becomes the editor,
	// so a signal passed on reaches the editor itself.
	cmd := exec.Command("sh", "-c", "exec "+editorArgs(editor)+` "$1"`, "sh", path)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0); err == nil {
		defer tty.Close()
		cmd.Stdin, cmd.Stdout = tty, tty
	}
	x.io.Flush()
	sigs := make(chan os.Signal, 4)
	restore := cleanup.Divert(sigs)
	defer restore()
	if err := cmd.Start(); err != nil {
		return fail("set VISUAL or EDITOR to your editor", "could not start the editor %q: %v", safe(editor), err)
	}
	defer cleanup.IgnoreInterrupt()()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var stopped os.Signal
	for {
		select {
		case sig := <-sigs:
			if sig == syscall.SIGINT {
				continue // the editor's to handle
			}
			stopped = sig
			cmd.Process.Signal(sig)
		case err := <-done:
			if stopped != nil {
				return fail("", "attune edit was stopped (%v); nothing was changed", stopped)
			}
			if err != nil {
				return fail("check your editor (VISUAL or EDITOR)", "the editor ended with an error (%v); nothing was changed", err)
			}
			return nil
		}
	}
}

// stampAdded gives the entries written in the editor (those not in
// before) the time they were added, as `attune add` does: review asks
// about an entry by when it was added.
func stampAdded(m, before *mapfile.Map, now time.Time) {
	had := make(map[string]bool, before.Count())
	before.Each(func(_ mapfile.Section, r entry.Ref) { had[*r.ID] = true })
	m.Each(func(_ mapfile.Section, r entry.Ref) {
		if !had[*r.ID] && r.Added.IsZero() {
			*r.Added = now
		}
	})
}

// mergeDoc applies to m what changed between the document as it was
// opened (orig) and as it was saved (doc), field by field: a change made
// meanwhile by another command, to a field not edited here, is kept. It
// returns, for each boundary that left ASK FIRST, its id and the
// condition moved into its note.
func mergeDoc(m *mapfile.Map, orig, doc editDoc) (moved [][2]string, err error) {
	setText := func(field string, from, to string, dst *string, lines bool) error {
		if from == to {
			return nil
		}
		check, clean := textcheck.CheckTyped, textcheck.Clean
		if lines {
			check, clean = textcheck.CheckLinesTyped, textcheck.CleanLines
		}
		to = clean(to)
		if err := check(field, to, true); err != nil {
			return err
		}
		*dst = to
		return nil
	}
	for _, f := range []struct {
		field    string
		from, to string
		dst      *string
		lines    bool
	}{
		{"name", orig.Name, doc.Name, &m.Name, false},
		{"stop word", orig.Safeword, doc.Safeword, &m.Safeword, false},
		{"stop signal", orig.Signal, doc.Signal, &m.Signal, false},
		{"if_frozen", orig.IfFrozen, doc.IfFrozen, &m.IfFrozen, true},
		{"if_we_stop", orig.IfWeStop, doc.IfWeStop, &m.IfWeStop, true},
	} {
		if err := setText(f.field, f.from, f.to, f.dst, f.lines); err != nil {
			return nil, err
		}
	}
	err = mergeSection(m, orig.Boundaries, doc.Boundaries, docSection[docBoundary]{
		sec: mapfile.BoundarySection,
		add: func(e docBoundary) (entry.Ref, func(*mapfile.Map), error) {
			l, err := boundaries.ParseLight(e.Light)
			if err != nil {
				return entry.Ref{}, nil, err
			}
			b := &boundaries.Boundary{Light: l, OnlyIf: textcheck.CleanLines(e.OnlyIf)}
			return b.Ref(), func(m *mapfile.Map) { m.Boundaries = append(m.Boundaries, *b) }, nil
		},
		edit: func(m *mapfile.Map, o, e docBoundary) error {
			b := m.Boundary(e.ID)
			if e.Light != o.Light {
				l, err := boundaries.ParseLight(e.Light)
				if err != nil {
					return err
				}
				if c := b.SetLight(l); c != "" {
					moved = append(moved, [2]string{b.ID, c})
				}
			}
			if e.OnlyIf != o.OnlyIf {
				b.OnlyIf = textcheck.CleanLines(e.OnlyIf)
			}
			return b.ValidateTyped()
		},
	})
	if err != nil {
		return nil, err
	}
	err = mergeSection(m, orig.Triggers, doc.Triggers, docSection[docTrigger]{
		sec: mapfile.TriggerSection,
		add: func(e docTrigger) (entry.Ref, func(*mapfile.Map), error) {
			t := &triggers.Trigger{Helps: textcheck.CleanLines(e.Helps)}
			if err := setTrigger(t, docTrigger{}, e); err != nil {
				return entry.Ref{}, nil, err
			}
			return t.Ref(), func(m *mapfile.Map) { m.Triggers = append(m.Triggers, *t) }, nil
		},
		edit: func(m *mapfile.Map, o, e docTrigger) error {
			t := m.Trigger(e.ID)
			if err := setTrigger(t, o, e); err != nil {
				return err
			}
			if e.Helps != o.Helps {
				t.Helps = textcheck.CleanLines(e.Helps)
			}
			return t.ValidateTyped()
		},
	})
	if err != nil {
		return nil, err
	}
	err = mergeSection(m, orig.Signs, doc.Signs, docSection[docSign]{
		sec: mapfile.SignSection,
		add: func(e docSign) (entry.Ref, func(*mapfile.Map), error) {
			k, err := signs.ParseKind(e.Kind)
			s := &signs.Sign{Kind: k}
			return s.Ref(), func(m *mapfile.Map) { m.Signs = append(m.Signs, *s) }, err
		},
		edit: func(m *mapfile.Map, o, e docSign) error {
			s := m.Sign(e.ID)
			if e.Kind != o.Kind {
				k, err := signs.ParseKind(e.Kind)
				if err != nil {
					return err
				}
				s.Kind = k
			}
			return s.ValidateTyped()
		},
	})
	if err != nil {
		return nil, err
	}
	err = mergeSection(m, orig.Aftercare, doc.Aftercare, docSection[docCare]{
		sec: mapfile.AftercareSection,
		add: func(e docCare) (entry.Ref, func(*mapfile.Map), error) {
			w, err := parseWhen(e.When)
			c := &aftercare.Care{When: w}
			return c.Ref(), func(m *mapfile.Map) { m.Aftercare = append(m.Aftercare, *c) }, err
		},
		edit: func(m *mapfile.Map, o, e docCare) error {
			c := m.Care(e.ID)
			if e.When != o.When {
				w, err := parseWhen(e.When)
				if err != nil {
					return err
				}
				c.When = w
			}
			return c.ValidateTyped()
		},
	})
	if err != nil {
		return nil, err
	}
	err = mergeSection(m, orig.Curious, doc.Curious, docSection[docCurious]{
		sec: mapfile.CuriousSection,
		add: func(e docCurious) (entry.Ref, func(*mapfile.Map), error) {
			c := &curious.Curiosity{}
			return c.Ref(), func(m *mapfile.Map) { m.Curious = append(m.Curious, *c) }, nil
		},
		edit: func(m *mapfile.Map, o, e docCurious) error { return m.Curiosity(e.ID).ValidateTyped() },
	})
	return moved, err
}

// parseWhen reads aftercare's time in the editor: empty is after.
func parseWhen(s string) (aftercare.When, error) {
	if strings.TrimSpace(s) == "" {
		return aftercare.After, nil
	}
	return aftercare.ParseWhen(s)
}

// setTrigger applies a trigger's category and intensity where they
// changed from o to e.
func setTrigger(t *triggers.Trigger, o, e docTrigger) error {
	if e.Category != o.Category || o.Category == "" {
		c, err := triggers.ParseCategory(e.Category)
		if err != nil {
			return err
		}
		t.Category = c
	}
	if e.Intensity != o.Intensity {
		in, err := triggers.ParseIntensity(e.Intensity)
		if err != nil {
			return err
		}
		t.Intensity = in
	}
	return nil
}

// docSection is one kind of block of the editor's file, merged back.
type docSection[D interface{ shared() docShared }] struct {
	sec mapfile.Section
	// add makes a new entry from a block written without an id: its
	// shared fields, and how to put it in a map once they are set.
	add func(e D) (entry.Ref, func(*mapfile.Map), error)
	// edit applies the entry's own fields that changed from o to e, and
	// checks the entry as typed.
	edit func(m *mapfile.Map, o, e D) error
}

// mergeSection merges one kind of block: new blocks are added, blocks
// deleted are removed, and each field changed is set.
func mergeSection[D interface{ shared() docShared }](m *mapfile.Map, orig, edited []D, s docSection[D]) error {
	was := map[string]D{}
	for _, o := range orig {
		was[o.shared().ID] = o
	}
	seen := map[string]bool{}
	for i, e := range edited {
		sh := e.shared()
		if sh.ID == "" {
			r, put, err := s.add(e)
			if err == nil {
				*r.Text, *r.Note, *r.Private = textcheck.Clean(sh.Text), textcheck.CleanLines(sh.Note), sh.Private
				*r.ID = m.NextID(s.sec)
				put(m)
				_, r, _ = m.Find(*r.ID)
				err = validateTyped(m, *r.ID)
			}
			if err != nil {
				return &mapfile.EntryError{Where: fmt.Sprintf("new %s %d", s.sec.Name, i+1), Err: err}
			}
			continue
		}
		o, ok := was[sh.ID]
		if !ok {
			return unknownDocID(s.sec.Name, sh.ID)
		}
		if seen[sh.ID] {
			return docError{fmt.Sprintf("%s is there twice; each entry once, please", safe(sh.ID))}
		}
		seen[sh.ID] = true
		_, r, ok := m.Find(sh.ID)
		if !ok {
			continue // removed meanwhile by another command
		}
		if err := editShared(r, o.shared(), sh); err != nil {
			return &mapfile.EntryError{Where: s.sec.Name + " " + sh.ID, Err: err}
		}
		if err := s.edit(m, o, e); err != nil {
			return &mapfile.EntryError{Where: s.sec.Name + " " + sh.ID, Err: err}
		}
	}
	for _, o := range orig {
		if id := o.shared().ID; !seen[id] {
			m.Remove(id)
		}
	}
	return nil
}

// editShared sets the text, note and privacy that changed from o to e.
func editShared(r entry.Ref, o, e docShared) error {
	if e.Text != o.Text {
		*r.Text = textcheck.Clean(e.Text)
		if err := textcheck.CheckTyped("text", *r.Text, false); err != nil {
			return err
		}
	}
	if e.Note != o.Note {
		*r.Note = textcheck.CleanLines(e.Note)
		if err := textcheck.CheckLinesTyped("note", *r.Note, true); err != nil {
			return err
		}
	}
	if e.Private != o.Private {
		*r.Private = e.Private
	}
	return nil
}

// validateTyped checks the entry with this id as typed.
func validateTyped(m *mapfile.Map, id string) error {
	type typed interface{ ValidateTyped() error }
	var e typed
	switch sec, _, _ := m.Find(id); sec {
	case mapfile.BoundarySection:
		e = m.Boundary(id)
	case mapfile.TriggerSection:
		e = m.Trigger(id)
	case mapfile.SignSection:
		e = m.Sign(id)
	case mapfile.AftercareSection:
		e = m.Care(id)
	default:
		e = m.Curiosity(id)
	}
	return e.ValidateTyped()
}

func unknownDocID(kind, id string) error {
	return docError{fmt.Sprintf("%s is not the id of a %s of your map; leave ids as they are, and write a new entry without an id", safe(id), kind)}
}
