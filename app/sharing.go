package app

import (
	"slices"
	"strings"

	"github.com/attune-dev/attune/mapfile"
)

// Sharing per partner: an entry is shared with everyone (the default,
// --shared), with named partners only (--share-with NAME, repeatable), or
// with no one (--private). Only partners one can export to may be named.

// wantPrivate is what --private and --shared ask for, either given as
// true or as false (--private=false shares, --shared=false keeps
// private): set is false when neither was given.
func wantPrivate(x *ctx) (private, set bool) {
	switch {
	case x.IsSet("private"):
		return x.Bool("private"), true
	case x.IsSet("shared"):
		return !x.Bool("shared"), true
	}
	return false, false
}

// checkSharingFlags refuses flags that say two things at once.
func checkSharingFlags(x *ctx) error {
	with := x.IsSet("share-with")
	private, set := wantPrivate(x)
	switch {
	case with && set && private && x.IsSet("private"):
		return usage("--private keeps it to yourself; --share-with shares it with the partners named", "--private and --share-with cannot be used together")
	case with && set && private:
		return usage("--shared=false keeps it private; --share-with shares it with the partners named", "--shared=false and --share-with cannot be used together")
	case with && x.IsSet("shared") && x.Bool("shared"):
		return usage("--shared shares it with every partner; --share-with with the partners named", "--shared and --share-with cannot be used together")
	case x.IsSet("private") && x.IsSet("shared") && x.Bool("private") == x.Bool("shared"):
		return usage("use --private to keep it to yourself, or --shared to share it", "--private and --shared cannot be used together")
	}
	return nil
}

// shareWith is --share-with's partners, as m names them.
func shareWith(x *ctx, m *mapfile.Map) ([]string, error) {
	var out []string
	for _, n := range x.StringSlice("share-with") {
		p := m.Partner(strings.TrimSpace(n))
		if p == nil || len(p.Recipients) == 0 {
			return nil, unknownPartner(m, n)
		}
		if !slices.Contains(out, p.Name) {
			out = append(out, p.Name)
		}
	}
	return out, nil
}

// setSharing applies --private, --shared and --share-with to an entry.
func setSharing(x *ctx, m *mapfile.Map, private *bool, with *[]string) error {
	switch {
	case x.IsSet("share-with"):
		names, err := shareWith(x, m)
		if err != nil {
			return err
		}
		*private, *with = false, names
	default:
		if p, set := wantPrivate(x); set {
			*private, *with = p, nil
		}
	}
	return nil
}

// sharingWords says who an entry is shared with, when not everyone:
// "private" or "shared with Alex and Robin".
func sharingWords(private bool, with []string) string {
	switch {
	case private:
		return "private"
	case len(with) > 0:
		return "shared with " + andList(with)
	}
	return ""
}
