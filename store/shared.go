package store

import (
	"io"

	"filippo.io/age"

	"github.com/attune-dev/attune/internal/safefile"
	"github.com/attune-dev/attune/mapfile"
)

// MaxSharedSize bounds the decrypted size of a map that comes from
// someone else (an export a partner sent): it is untrusted input.
const MaxSharedSize = mapfile.MaxForeignBytes

// maxSharedFile bounds the file itself: armor makes an age file about a
// third larger, and the header adds a little.
const maxSharedFile = 2 * MaxSharedSize

// ReadShared reads a map that came from someone else — an export a
// partner sent, or a stored import — from the file at path: a regular
// file only, bounded in size before and after decryption, and checked as
// mapfile.DecodeShared checks it. Errors are *FileError for path.
func ReadShared(path string, ids []age.Identity) (*mapfile.Map, error) {
	ct, err := safefile.Read(path, maxSharedFile)
	if err != nil {
		if tl, ok := err.(*safefile.TooLargeError); ok {
			return nil, &FileError{Path: path, Err: &DecryptError{Reason: TooLarge, Err: tl}}
		}
		return nil, err
	}
	return decodeShared(ct, path, ids)
}

// ReadSharedFrom is ReadShared for a stream (standard input), named name
// in errors.
func ReadSharedFrom(r io.Reader, name string, ids []age.Identity) (*mapfile.Map, error) {
	ct, err := safefile.ReadLimited(r, name, maxSharedFile)
	if err != nil {
		if tl, ok := err.(*safefile.TooLargeError); ok {
			return nil, &FileError{Path: name, Err: &DecryptError{Reason: TooLarge, Err: tl}}
		}
		return nil, err
	}
	return decodeShared(ct, name, ids)
}

func decodeShared(ct []byte, name string, ids []age.Identity) (*mapfile.Map, error) {
	plain, err := Decrypt(ct, ids, MaxSharedSize)
	if err != nil {
		return nil, &FileError{Path: name, Err: err}
	}
	m, err := mapfile.DecodeShared(plain)
	if err != nil {
		return nil, &FileError{Path: name, Err: err}
	}
	return m, nil
}

// ReadSealed reads and decrypts a partner's export from the file at
// path, bounded as ReadShared is, and returns its plaintext: the signed
// TOML and its signature, which the caller checks (export.Open) before
// any TOML is decoded.
func ReadSealed(path string, ids []age.Identity) ([]byte, error) {
	ct, err := safefile.Read(path, maxSharedFile+sealRoom)
	if err != nil {
		if tl, ok := err.(*safefile.TooLargeError); ok {
			return nil, &FileError{Path: path, Err: &DecryptError{Reason: TooLarge, Err: tl}}
		}
		return nil, err
	}
	return decryptSealed(ct, path, ids)
}

// ReadSealedFrom is ReadSealed for a stream (standard input).
func ReadSealedFrom(r io.Reader, name string, ids []age.Identity) ([]byte, error) {
	ct, err := safefile.ReadLimited(r, name, maxSharedFile+sealRoom)
	if err != nil {
		if tl, ok := err.(*safefile.TooLargeError); ok {
			return nil, &FileError{Path: name, Err: &DecryptError{Reason: TooLarge, Err: tl}}
		}
		return nil, err
	}
	return decryptSealed(ct, name, ids)
}

// sealRoom is the room an export's signature takes beyond its map.
const sealRoom = 4 << 10

func decryptSealed(ct []byte, name string, ids []age.Identity) ([]byte, error) {
	plain, err := Decrypt(ct, ids, MaxSharedSize+sealRoom)
	if err != nil {
		return nil, &FileError{Path: name, Err: err}
	}
	return plain, nil
}
