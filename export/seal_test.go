package export

import (
	"bytes"
	"errors"
	"testing"

	"github.com/attune-dev/attune/keys"
)

func newSigner(t *testing.T) *keys.SigningKey {
	t.Helper()
	k, err := keys.NewSigningKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// An export signed once opens with its signer and no earlier one; one
// signed after a change of keys opens with both, the old key first.
func TestOpenAll(t *testing.T) {
	plain := []byte("version = 2\nname = \"Alex\"\n")
	old, cur := newSigner(t), newSigner(t)
	once, _ := Seal(plain, cur)
	o, err := OpenAll(once)
	if err != nil || o.Signer != cur.Public() || o.Previous != "" || !bytes.Equal(o.Plain, plain) {
		t.Fatalf("signed once: %+v %v", o, err)
	}
	twice, err := SealChange(plain, old, cur)
	if err != nil {
		t.Fatal(err)
	}
	o, err = OpenAll(twice)
	if err != nil || o.Signer != cur.Public() || o.Previous != old.Public() || !bytes.Equal(o.Plain, plain) {
		t.Fatalf("signed twice: %+v %v", o, err)
	}
	// Open, as an attune that knows one signature reads it: the outer
	// signature holds, over the TOML and the inner one (TOML comments).
	if p, signer, err := Open(twice); err != nil || signer != cur.Public() || !bytes.HasPrefix(p, plain) {
		t.Errorf("Open of a file signed twice: %v", err)
	}
}

// A countersignature that does not hold, or a third one, is refused.
func TestOpenAllRefuses(t *testing.T) {
	plain := []byte("version = 2\nname = \"Alex\"\n")
	old, cur := newSigner(t), newSigner(t)
	inner, _ := Seal(plain, old)
	// The TOML changed under the old key's signature, then signed again
	// by the new key: the outer signature holds, the inner does not.
	changed := bytes.Replace(inner, []byte("Alex"), []byte("Mall"), 1)
	forged, _ := Seal(changed, cur)
	var se *keys.SignatureError
	if _, err := OpenAll(forged); !errors.As(err, &se) {
		t.Errorf("a changed countersigned file: %v", err)
	}
	twice, _ := SealChange(plain, old, cur)
	thrice, _ := Seal(twice, newSigner(t))
	if _, err := OpenAll(thrice); !errors.As(err, &se) || se.Problem != "the file is signed more than twice" {
		t.Errorf("signed three times: %v", err)
	}
}
