package journal

import (
	"bytes"
	"testing"
)

// FuzzDecode: any input is read or refused, never a panic; what is read
// is valid, and writes back to text that reads back the same.
func FuzzDecode(f *testing.F) {
	f.Add(sample().Encode())
	f.Add(New().Encode())
	f.Add([]byte("version = 1\n[[checkin]]\nid = \"j1\"\nat = 2026-11-28T20:00:00+02:00\ndistress = 0\nfeelings = [\n\"numb\",\n]\n"))
	f.Add([]byte("version = 1\n[[debrief]]\nid = 'j1'\nat = 2026-11-28 20:00:00Z\nbefore = 0x7\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		j, err := Decode(data)
		if err != nil {
			return
		}
		if err := j.Validate(); err != nil {
			t.Fatalf("Decode accepted a journal Validate refuses: %v", err)
		}
		enc := j.Encode()
		back, err := Decode(enc)
		if err != nil {
			t.Fatalf("what Decode accepted does not read back once written: %v\n%s", err, enc)
		}
		if !bytes.Equal(back.Encode(), enc) {
			t.Fatalf("not stable:\n%s\n---\n%s", enc, back.Encode())
		}
	})
}
