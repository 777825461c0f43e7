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

	"github.com/BurntSushi/toml"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/internal/cleanup"
	"github.com/attune-dev/attune/internal/safefile"
	"github.com/attune-dev/attune/internal/textcheck"
	"github.com/attune-dev/attune/mapfile"
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
	Boundaries []docBoundary `toml:"boundary"`
	Triggers   []docTrigger  `toml:"trigger"`
}

type docBoundary struct {
	ID      string `toml:"id"`
	Light   string `toml:"light"`
	Text    string `toml:"text"`
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

// maxEditFile bounds what is read back from the editor.
const maxEditFile = 16 << 20

func docOf(m *mapfile.Map) editDoc {
	d := editDoc{Name: m.Name, Safeword: m.Safeword, Signal: m.Signal}
	for _, b := range m.SortedBoundaries() {
		d.Boundaries = append(d.Boundaries, docBoundary{ID: b.ID, Light: string(b.Light), Text: b.Text, Note: b.Note, Private: b.Private})
	}
	for _, t := range m.SortedTriggers() {
		d.Triggers = append(d.Triggers, docTrigger{ID: t.ID, Category: string(t.Category), Text: t.Text,
			Intensity: string(t.Intensity), Helps: t.Helps, Note: t.Note, Private: t.Private})
	}
	return d
}

const editHeader = `# Your attune map, to edit. Save and close the editor to keep your changes;
# close it without saving to change nothing.
# - Leave each id (id = "b3") as it is: it says which entry is which.
# - To remove an entry, delete its whole [[boundary]] or [[trigger]] block.
# - To add one, write a new block without an id.
# - light: red, yellow or green. category: positions, movements, activities,
#   smells, sounds, textures, words, touch or other. intensity: low, medium,
#   high, or "".
# - A note or what helps may span lines: between """ and """.
# This file is not encrypted. attune removes it when you close the editor.
`

// encodeDoc writes the document for the editor.
func encodeDoc(d editDoc) []byte {
	var b bytes.Buffer
	b.WriteString(editHeader)
	kv := func(k, v string) { b.WriteString(k + " = " + tomlString(v) + "\n") }
	b.WriteString("\n")
	kv("name", d.Name)
	kv("safeword", d.Safeword)
	kv("signal", d.Signal)
	for _, x := range d.Boundaries {
		b.WriteString("\n[[boundary]]\n")
		kv("id", x.ID)
		kv("light", x.Light)
		kv("text", x.Text)
		kv("note", x.Note)
		fmt.Fprintf(&b, "private = %v\n", x.Private)
	}
	for _, x := range d.Triggers {
		b.WriteString("\n[[trigger]]\n")
		kv("id", x.ID)
		kv("category", x.Category)
		kv("text", x.Text)
		kv("intensity", x.Intensity)
		kv("helps", x.Helps)
		kv("note", x.Note)
		fmt.Fprintf(&b, "private = %v\n", x.Private)
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
			_, err = s.update(func(m *mapfile.Map) error {
				before = m.Clone()
				if err := mergeDoc(m, orig, doc); err != nil {
					return err
				}
				after = m
				return nil
			})
			if err == nil {
				rep := changes.Compare(before, after)
				if rep.None() {
					fmt.Fprintln(x.out(), "nothing was changed")
				}
				x.reporter().report("", rep)
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

// mergeDoc applies to m what changed between the document as it was
// opened (orig) and as it was saved (doc), field by field: a change made
// meanwhile by another command, to a field not edited here, is kept.
func mergeDoc(m *mapfile.Map, orig, doc editDoc) error {
	setText := func(field string, from, to string, dst *string) error {
		if from == to {
			return nil
		}
		to = textcheck.Clean(to)
		if err := textcheck.CheckTyped(field, to, true); err != nil {
			return err
		}
		*dst = to
		return nil
	}
	if err := setText("name", orig.Name, doc.Name, &m.Name); err != nil {
		return err
	}
	if err := setText("stop word", orig.Safeword, doc.Safeword, &m.Safeword); err != nil {
		return err
	}
	if err := setText("stop signal", orig.Signal, doc.Signal, &m.Signal); err != nil {
		return err
	}
	if err := mergeBoundaries(m, orig.Boundaries, doc.Boundaries); err != nil {
		return err
	}
	return mergeTriggers(m, orig.Triggers, doc.Triggers)
}

func mergeBoundaries(m *mapfile.Map, orig, edited []docBoundary) error {
	was := map[string]docBoundary{}
	for _, b := range orig {
		was[b.ID] = b
	}
	seen := map[string]bool{}
	for i, e := range edited {
		if e.ID == "" {
			b, err := newBoundary(e)
			if err != nil {
				return &mapfile.EntryError{Where: fmt.Sprintf("new boundary %d", i+1), Err: err}
			}
			b.ID = m.NextID(mapfile.BoundarySection)
			m.Boundaries = append(m.Boundaries, b)
			continue
		}
		o, ok := was[e.ID]
		if !ok {
			return unknownDocID("boundary", e.ID)
		}
		if seen[e.ID] {
			return docError{fmt.Sprintf("%s is there twice; each entry once, please", safe(e.ID))}
		}
		seen[e.ID] = true
		b := m.Boundary(e.ID)
		if b == nil {
			continue // removed meanwhile by another command
		}
		if err := editedBoundary(b, o, e); err != nil {
			return &mapfile.EntryError{Where: "boundary " + e.ID, Err: err}
		}
	}
	for _, o := range orig {
		if !seen[o.ID] {
			m.Remove(o.ID)
		}
	}
	return nil
}

func newBoundary(e docBoundary) (boundaries.Boundary, error) {
	l, err := boundaries.ParseLight(e.Light)
	if err != nil {
		return boundaries.Boundary{}, err
	}
	b := boundaries.Boundary{Light: l, Text: textcheck.Clean(e.Text), Note: textcheck.CleanLines(e.Note), Private: e.Private}
	return b, b.ValidateTyped()
}

func editedBoundary(b *boundaries.Boundary, o, e docBoundary) error {
	if e.Light != o.Light {
		l, err := boundaries.ParseLight(e.Light)
		if err != nil {
			return err
		}
		b.Light = l
	}
	if e.Text != o.Text {
		b.Text = textcheck.Clean(e.Text)
		if err := textcheck.CheckTyped("text", b.Text, false); err != nil {
			return err
		}
	}
	if e.Note != o.Note {
		b.Note = textcheck.CleanLines(e.Note)
		if err := textcheck.CheckLinesTyped("note", b.Note, true); err != nil {
			return err
		}
	}
	if e.Private != o.Private {
		b.Private = e.Private
	}
	return nil
}

func mergeTriggers(m *mapfile.Map, orig, edited []docTrigger) error {
	was := map[string]docTrigger{}
	for _, t := range orig {
		was[t.ID] = t
	}
	seen := map[string]bool{}
	for i, e := range edited {
		if e.ID == "" {
			t, err := newTrigger(e)
			if err != nil {
				return &mapfile.EntryError{Where: fmt.Sprintf("new trigger %d", i+1), Err: err}
			}
			t.ID = m.NextID(mapfile.TriggerSection)
			m.Triggers = append(m.Triggers, t)
			continue
		}
		o, ok := was[e.ID]
		if !ok {
			return unknownDocID("trigger", e.ID)
		}
		if seen[e.ID] {
			return docError{fmt.Sprintf("%s is there twice; each entry once, please", safe(e.ID))}
		}
		seen[e.ID] = true
		t := m.Trigger(e.ID)
		if t == nil {
			continue
		}
		if err := editedTrigger(t, o, e); err != nil {
			return &mapfile.EntryError{Where: "trigger " + e.ID, Err: err}
		}
	}
	for _, o := range orig {
		if !seen[o.ID] {
			m.Remove(o.ID)
		}
	}
	return nil
}

func newTrigger(e docTrigger) (triggers.Trigger, error) {
	c, err := triggers.ParseCategory(e.Category)
	if err != nil {
		return triggers.Trigger{}, err
	}
	in, err := triggers.ParseIntensity(e.Intensity)
	if err != nil {
		return triggers.Trigger{}, err
	}
	t := triggers.Trigger{Category: c, Text: textcheck.Clean(e.Text), Intensity: in,
		Helps: textcheck.CleanLines(e.Helps), Note: textcheck.CleanLines(e.Note), Private: e.Private}
	return t, t.ValidateTyped()
}

func editedTrigger(t *triggers.Trigger, o, e docTrigger) error {
	if e.Category != o.Category {
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
	if e.Text != o.Text {
		t.Text = textcheck.Clean(e.Text)
		if err := textcheck.CheckTyped("text", t.Text, false); err != nil {
			return err
		}
	}
	for _, f := range []struct {
		name     string
		from, to string
		dst      *string
	}{{"helps", o.Helps, e.Helps, &t.Helps}, {"note", o.Note, e.Note, &t.Note}} {
		if f.from != f.to {
			*f.dst = textcheck.CleanLines(f.to)
			if err := textcheck.CheckLinesTyped(f.name, *f.dst, true); err != nil {
				return err
			}
		}
	}
	if e.Private != o.Private {
		t.Private = e.Private
	}
	return nil
}

func unknownDocID(kind, id string) error {
	return docError{fmt.Sprintf("%s is not the id of a %s of your map; leave ids as they are, and write a new entry without an id", safe(id), kind)}
}
