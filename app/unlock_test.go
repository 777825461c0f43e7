package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attune-dev/attune/keys"
)

// A kept key opens only for the identity file's content it was kept for,
// in the store it was kept for.
func TestUnlockBinding(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "store")
	file := &keys.IdentityFile{Path: filepath.Join(store, "identity"), Data: []byte("age-encryption.org/v1\n-> scrypt salt 10\nfirst\n")}
	plain := []byte("AGE-SECRET-KEY-1EXAMPLEEXAMPLE\n")
	kept := sealUnlocked(unlockBinding(file, store), plain)

	got, ok := openUnlocked(kept, unlockBinding(file, store))
	if !ok || !bytes.Equal(got, plain) {
		t.Fatalf("the key kept for this file and store does not open: %q, %v", got, ok)
	}

	// The same folder named relatively is the same store.
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if rel, err := filepath.Rel(wd, store); err == nil {
		if _, ok := openUnlocked(kept, unlockBinding(file, rel)); !ok {
			t.Errorf("the store named by a relative path (%s) does not open the key", rel)
		}
	}

	changed := &keys.IdentityFile{Path: file.Path, Data: bytes.Replace(file.Data, []byte("first"), []byte("other"), 1)}
	for _, c := range []struct {
		name  string
		f     *keys.IdentityFile
		store string
	}{
		{"the file's content changed", changed, store},
		{"one byte appended to the file", &keys.IdentityFile{Path: file.Path, Data: append(bytes.Clone(file.Data), '\n')}, store},
		{"another store", file, filepath.Join(dir, "store2")},
		{"the store moved", file, filepath.Join(dir, "moved", "store")},
	} {
		if got, ok := openUnlocked(kept, unlockBinding(c.f, c.store)); ok {
			t.Errorf("%s: the kept key still opens (%q)", c.name, got)
		}
	}
	for _, short := range [][]byte{nil, kept[:10], kept[:31]} {
		if _, ok := openUnlocked(short, unlockBinding(file, store)); ok {
			t.Errorf("a kept value of %d bytes opens", len(short))
		}
	}
}

// The name of a kept key is a hash: it shows no path, and it differs for
// each store, even for one identity file shared by two stores.
func TestKeyringDesc(t *testing.T) {
	dir := t.TempDir()
	id := filepath.Join(dir, "shared.key")
	a, b := keyringDesc(filepath.Join(dir, "a"), id), keyringDesc(filepath.Join(dir, "b"), id)
	if a == b {
		t.Errorf("two stores sharing %s get the same name %q", id, a)
	}
	if a != keyringDesc(filepath.Join(dir, "a"), id) {
		t.Errorf("the name is not stable")
	}
	if other := keyringDesc(filepath.Join(dir, "a"), filepath.Join(dir, "other.key")); other == a {
		t.Errorf("two identity files of one store get the same name %q", a)
	}
	for _, d := range []string{a, b} {
		if strings.Contains(d, "/") || strings.Contains(d, "shared") || !strings.HasPrefix(d, "attune:") {
			t.Errorf("name %q shows a path or lacks attune's prefix", d)
		}
	}
}
