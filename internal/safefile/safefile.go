// Package safefile reads files that someone else may have made — a
// partner's export, a key file, a map written by hand — without trusting
// what they are: only regular files, never more than a limit, and never
// hanging on a named pipe.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// NotRegularError means the path names something other than a regular
// file: a folder, a device (/dev/zero), a named pipe, a socket.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a file", e.Path, Describe(e.Mode))
}

// Describe names a file type in words: "a folder", "a device".
func Describe(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a link"
	}
	return "not a regular file"
}

// TooLargeError means a file holds more than the limit.
type TooLargeError struct {
	Path  string
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s holds more than %d bytes", e.Path, e.Limit)
}

// Read reads the regular file at path (through links), at most limit
// bytes. It is opened without blocking, so a named pipe put in its place
// cannot hang attune, and checked once open, so it cannot be swapped
// between a check and the read.
func Read(path string, limit int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Mode: info.Mode()}
	}
	if info.Size() > limit {
		return nil, &TooLargeError{Path: path, Limit: limit}
	}
	return readLimited(f, path, limit, info.Size())
}

// ReadLimited reads r to its end, refusing more than limit bytes. name
// names r in errors ("standard input").
func ReadLimited(r io.Reader, name string, limit int64) ([]byte, error) {
	return readLimited(r, name, limit, 512)
}

// readLimited is ReadLimited with a guess of the size: a file's size
// from its stat lets the read fill one buffer, where io.ReadAll would
// copy a 60 KB map several times over on the way.
func readLimited(r io.Reader, name string, limit, sizeHint int64) ([]byte, error) {
	data, err := ReadAllInto(make([]byte, 0, min(sizeHint, limit)+1), io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Path: name, Limit: limit}
	}
	return data, nil
}

// IsNotRegular reports whether err is a *NotRegularError.
func IsNotRegular(err error) bool {
	var nr *NotRegularError
	return errors.As(err, &nr)
}

// ReadAllInto is io.ReadAll into buf, which it grows only when full: a
// buffer of cap n+1 reads n bytes and their end without growing.
func ReadAllInto(buf []byte, r io.Reader) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}
