package mapfile

import (
	"errors"
	"strings"
	"testing"
	"time"
)

const (
	testSecret  = "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ2"
	testSigning = "AAAAC3NzaC1lZDI1NTE5AAAAIITqHSF9ubnKs48HiiUXej4Sa0ZAHyCrwXG+TB5v8wLt"
	testSeed    = "3q2+796tvu/erb7v3q2+796tvu/erb7v3q2+796tvu8="
)

// The person's keys are one's own: a shared map that holds one is
// refused as one's own map, and a file of version 2 may not hold them.
func TestOwnKeysStayHome(t *testing.T) {
	for _, field := range []string{
		"person_key = \"" + testSecret + "\"",
		"previous_person_key = \"" + testSecret + "\"",
		"previous_signing_key = \"" + testSeed + "\"",
		"config_key = \"" + testSeed + "\"",
		"keys_changed = 2026-11-28T10:00:00Z",
	} {
		if _, err := DecodeShared([]byte("version = 2\nname = \"Alex\"\n" + field + "\n")); !errors.Is(err, ErrOwnMap) {
			t.Errorf("%s in a shared map: %v", field, err)
		}
		if _, err := Decode([]byte("version = 1\n" + field + "\n")); err == nil || !strings.Contains(err.Error(), "(version 2)") {
			t.Errorf("%s in a version-1 map: %v", field, err)
		}
		if _, err := Decode([]byte("version = 2\n" + field + "\n")); err != nil {
			t.Errorf("%s in one's own map: %v", field, err)
		}
	}
}

func TestKeyFieldsAreChecked(t *testing.T) {
	for text, want := range map[string]string{
		"person_key = \"AGE-SECRET-KEY-1 with spaces\"":                            "person_key is not an age secret key",
		"person_key = \"age1notasecret\"":                                          "person_key is not an age secret key",
		"config_key = \"short\"":                                                   "config_key is not an attune key",
		"previous_signing_key = \"AAAA\"":                                          "previous_signing_key is not an attune key",
		"[[key_change]]\nfrom = \"x\"\nsigning_key = \"x\"\nrecipient = \"age1a\"": "not a public signing key",
		"[[key_change]]\nfrom = \"" + testSigning + "\"\nsigning_key = \"" + testSigning + "\"\nrecipient = \"age1\\u001b[2J\"": "not a public key",
	} {
		if _, err := Decode([]byte("version = 2\n" + text + "\n")); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", text, err, want)
		}
	}
	two := "[[key_change]]\nfrom = \"" + testSigning + "\"\nsigning_key = \"" + testSigning + "\"\nrecipient = \"age1a\"\n"
	if _, err := DecodeShared([]byte("version = 2\n" + two + two)); err == nil || !strings.Contains(err.Error(), "more than one") {
		t.Errorf("two notices: %v", err)
	}
	m, err := DecodeShared([]byte("version = 2\nname = \"Alex\"\n" + two))
	if err != nil || len(m.KeyChange) != 1 || m.MinVersion() != 2 {
		t.Fatalf("a notice in an export: %v", err)
	}
}

// KeepKeys carries the keys, never the content; Equal and Clone see them.
func TestKeepKeys(t *testing.T) {
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	from := &Map{Version: Version, Name: "Sam", SigningKey: testSeed, PersonKey: testSecret, PreviousSigningKey: testSeed, KeysChanged: now, ConfigKey: testSeed}
	m := &Map{Version: Version, Name: "Robin"}
	m.KeepKeys(from)
	if m.Name != "Robin" || m.PersonKey != testSecret || m.ConfigKey != testSeed || !m.KeysChanged.Equal(now) || m.SigningKey != testSeed {
		t.Errorf("after KeepKeys: %+v", m)
	}
	c := m.Clone()
	if !c.Equal(m) {
		t.Error("a clone is not equal")
	}
	c.PersonKey = ""
	if c.Equal(m) {
		t.Error("a map without its person key is equal to one with it")
	}
}
