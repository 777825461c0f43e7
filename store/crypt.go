package store

import (
	"bufio"
	"bytes"
	"errors"
	"io"

	"filippo.io/age"
	"filippo.io/age/armor"
	"filippo.io/age/plugin"

	"github.com/attune-dev/attune/internal/atomicfile"
	"github.com/attune-dev/attune/internal/safefile"
	"github.com/attune-dev/attune/keys"
)

// WriteEncrypted encrypts plain to the recipients and atomically replaces
// path with the result (0600).
func WriteEncrypted(path string, plain []byte, useArmor bool, recipients ...age.Recipient) error {
	return atomicfile.Write(path, filePerm, func(w io.Writer) error {
		return Encrypt(w, plain, useArmor, recipients...)
	})
}

// Encrypt writes plain encrypted to the recipients, armored if asked.
func Encrypt(w io.Writer, plain []byte, useArmor bool, recipients ...age.Recipient) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var out io.Writer = bw
	var aw io.WriteCloser
	if useArmor {
		aw = armor.NewWriter(bw)
		out = aw
	}
	ew, err := age.Encrypt(out, recipients...)
	if err != nil {
		return err
	}
	if _, err := ew.Write(plain); err != nil {
		return err
	}
	if err := ew.Close(); err != nil {
		return err
	}
	if aw != nil {
		if err := aw.Close(); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// ReadEncrypted reads and decrypts the age file at path (binary or
// armored), refusing more than limit bytes of plaintext.
func ReadEncrypted(path string, ids []age.Identity, limit int64) ([]byte, error) {
	ct, err := readCiphertext(path, limit)
	if err != nil {
		return nil, err
	}
	return decryptFile(path, ct, ids, limit)
}

// readCiphertext reads an encrypted file whose plaintext holds at most
// limit bytes: a regular file only (never a pipe or a device put in its
// place), and no larger than its plaintext could make it (armor adds a
// third; the header a little).
func readCiphertext(path string, limit int64) ([]byte, error) {
	ct, err := safefile.Read(path, 2*limit+64<<10)
	var tl *safefile.TooLargeError
	if errors.As(err, &tl) {
		return nil, &FileError{Path: path, Err: &DecryptError{Reason: TooLarge, Err: err}}
	}
	return ct, err
}

// decryptFile decrypts ct, read from path.
func decryptFile(path string, ct []byte, ids []age.Identity, limit int64) ([]byte, error) {
	plain, err := Decrypt(ct, ids, limit)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	return plain, nil
}

// FileError ties a problem to the file it was found in.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// DecryptError says why an age file could not be opened.
type DecryptError struct {
	Reason DecryptReason
	Err    error
}

// DecryptReason classifies a failed decryption for the user.
type DecryptReason int

const (
	NotAge   DecryptReason = iota // not an age file at all
	Empty                         // zero bytes
	WrongKey                      // no identity matches the file
	Damaged                       // header or payload fails authentication, or is cut short
	TooLarge                      // more plaintext than allowed
)

func (e *DecryptError) Error() string {
	switch e.Reason {
	case Empty:
		return "the file is empty"
	case NotAge:
		return "the file is not an age-encrypted file"
	case WrongKey:
		return "the file was not encrypted to your key"
	case TooLarge:
		return "the file is larger than attune accepts"
	default:
		return "the file is damaged: it is cut short or was changed after it was written"
	}
}

func (e *DecryptError) Unwrap() error { return e.Err }

const ageIntro = "age-encryption.org/"

// Decrypt decrypts an age file held in memory.
func Decrypt(ct []byte, ids []age.Identity, limit int64) ([]byte, error) {
	var src io.Reader = bytes.NewReader(ct)
	trimmed := bytes.TrimLeft(ct, " \t\r\n")
	switch {
	case len(ct) == 0:
		return nil, &DecryptError{Reason: Empty}
	case bytes.HasPrefix(trimmed, []byte(armor.Header)):
		src = armor.NewReader(bytes.NewReader(trimmed))
	case !bytes.HasPrefix(ct, []byte(ageIntro)):
		return nil, &DecryptError{Reason: NotAge}
	}
	r, err := age.Decrypt(src, ids...)
	if err != nil {
		var nomatch *age.NoIdentityMatchError
		if errors.As(err, &nomatch) {
			// An identity that failed for a reason of its own (a wrong
			// passphrase, a missing plugin) is worth passing on.
			for _, e := range nomatch.Errors {
				if e != nil && !errors.Is(e, age.ErrIncorrectIdentity) {
					return nil, e
				}
			}
			return nil, &DecryptError{Reason: WrongKey, Err: err}
		}
		if isPassThrough(err) {
			return nil, err
		}
		return nil, &DecryptError{Reason: Damaged, Err: err}
	}
	// The plaintext is shorter than the ciphertext, so a buffer one byte
	// longer than the file holds it and shows the end without growing
	// (io.ReadAll would copy it several times over on the way).
	plain, err := safefile.ReadAllInto(make([]byte, 0, min(int64(len(ct)), limit)+1), io.LimitReader(r, limit+1))
	if err != nil {
		return nil, &DecryptError{Reason: Damaged, Err: err}
	}
	if int64(len(plain)) > limit {
		return nil, &DecryptError{Reason: TooLarge}
	}
	return plain, nil
}

// PassThrough marks errors from identities (a prompt that was cancelled, a
// plugin that is missing) that must reach the user as they are rather than
// be reported as a damaged file.
type PassThrough interface{ PassThrough() bool }

func isPassThrough(err error) bool {
	var p PassThrough
	var missing *plugin.NotFoundError
	return errors.As(err, &p) || errors.As(err, &missing) || errors.Is(err, keys.ErrWrongPassphrase)
}
