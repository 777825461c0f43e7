package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/attune-dev/attune/changes"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/merge"
	"github.com/attune-dev/attune/store"
)

func mergeAction(x *ctx) error {
	show, remove, file := x.Bool("show"), x.Bool("remove"), x.Args().First()
	switch {
	case show && file != "":
		return usage("attune merge FILE merges a copy; attune merge --show lists what merges decided", "--show takes no file")
	case show && remove:
		return usage("--remove is for the copy attune merge FILE merges", "--show and --remove cannot be used together")
	case !show && file == "":
		return usage("give the copy of your map to merge (attune merge FILE), or --show to list what merges decided",
			"merge needs a FILE or --show")
	}
	return withSession(x, func(s *session) error {
		if show {
			return s.showNotices()
		}
		return s.mergeCopy(file, remove)
	})
}

// mergeCopy merges a copy of one's own map that another sync tool left
// (a conflict copy) into the map, and removes it when asked.
func (s *session) mergeCopy(file string, remove bool) error {
	x := s.x
	path, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	if info, err := os.Stat(path); err == nil {
		if cur, err := os.Stat(s.store.Path(store.MapFile)); err == nil && os.SameFile(info, cur) {
			return fail("give the copy a sync tool made beside it (attune lists them)", "%s is your map itself, not a copy of it", safe(file))
		}
	}
	ids, r, err := s.writeKeys()
	if err != nil {
		return err
	}
	at := x.now()
	var before, after *mapfile.Map
	_, err = s.store.MergeCopy(ids, r, path, remove, func(m, copyMap *mapfile.Map) (*mapfile.Map, error) {
		if !sameOwner(m, copyMap) {
			return nil, errNotACopy
		}
		before = m.Clone()
		after, _ = merge.MergeWith(nil, m, copyMap, merge.Options{At: at, Tag: m.DeviceTag()})
		return after, nil
	})
	switch {
	case errors.Is(err, errNotACopy):
		return fail("attune merge takes a copy of your own map (map….age in your store's folder); a partner's export is read with attune import",
			"%s is not a copy of your map", safe(file))
	case err != nil:
		return mergeCopyError(err, file)
	}
	s.seen = after
	x.listingCopies = remove
	rep := changes.Compare(before, after)
	if rep.None() {
		fmt.Fprintf(x.out(), "%s holds nothing your map does not\n", safe(file))
	} else {
		fmt.Fprintf(x.out(), "merged %s into your map:\n", safe(file))
		x.reporter().report("  ", rep)
	}
	if remove {
		fmt.Fprintf(x.out(), "removed %s\n", safe(file))
	}
	return nil
}

var errNotACopy = errors.New("not a copy of the map")

// sameOwner reports whether the copy is a version of one's own map: the
// same key signs their exports, or names their partners' files (an
// export, or a partner's map, has neither), or it is a map from before
// those keys, which no export is.
func sameOwner(own, copyMap *mapfile.Map) bool {
	switch {
	case own.SigningKey != "" && own.SigningKey == copyMap.SigningKey,
		own.PartnerFileKey != "" && own.PartnerFileKey == copyMap.PartnerFileKey:
		return true
	case copyMap.SigningKey != "" || copyMap.PartnerFileKey != "":
		return false // another store's
	}
	return len(copyMap.EncryptedTo) == 0 && copyMap.Exported.IsZero()
}

// mergeCopyError words a copy that cannot be read as one's own map.
func mergeCopyError(err error, file string) error {
	var dec *store.DecryptError
	if errors.As(err, &dec) && dec.Reason == store.WrongKey {
		return &userError{msg: fmt.Sprintf("%s is not a copy of your map: it was not encrypted to your key", safe(file)), code: ExitError, err: err,
			hint: "attune merge takes a copy of your own map that a sync tool made"}
	}
	return err
}
