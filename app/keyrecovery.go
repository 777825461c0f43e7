package app

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/attune-dev/attune/export"
	"github.com/attune-dev/attune/keys"
	"github.com/attune-dev/attune/store"
)

// key recovery: a new key, printed once to be written down or printed
// and kept offline, never stored; its public key is added to the
// owner's, so that the map opens with it when every device is lost.
func keyRecoveryAction(x *ctx) error {
	label, err := labelFlag(x)
	if err != nil {
		return err
	}
	output, toFile := outputFlag(x)
	return withSession(x, func(s *session) error {
		if toFile {
			if err := checkNewOutput(s, output); err != nil {
				return err
			}
		} else if err := secretStdout(x, s); err != nil {
			return err
		}
		list := s.store.Config.KeyList()
		if label == "" {
			label = freeLabel(list, "recovery")
		} else if labelTaken(list, label) {
			return fail("choose another label", "another of your keys is labelled %q; nothing was changed", label)
		}
		// Of the same kind as the others: age does not mix them.
		pq := len(list) > 0 && export.IsPostQuantum(list[0].Recipient)
		secret, recipient, err := keys.NewNative(pq)
		if err != nil {
			return err
		}
		text := fmt.Sprintf("# attune recovery key, made %s\n# public key: %s\n%s\n", x.now().Format("2006-01-02"), recipient, secret)
		if toFile {
			// Written before any file is encrypted to it: a key that
			// can't be kept is never added.
			if err := writeOutput(output, []byte(text)); err != nil {
				return err
			}
		}
		earlier := recoveryLabels(list)
		run := &keyChangeRun{list: append(list[:len(list):len(list)], store.Key{Recipient: recipient, Label: label, Recovery: true, Added: x.now()})}
		left, err := s.changeKeys(run)
		if err != nil {
			if toFile {
				os.Remove(output)
			}
			return err
		}
		if toFile {
			x.say("wrote your recovery key to %s; only you can read it. Print it or copy it somewhere safe, away from this computer, then delete the file.", safe(output))
			x.say("attune does not keep it. With it, your map opens on any computer, even if every device is lost.")
		} else {
			if x.io.OutTTY {
				x.say("your recovery key is below. Write it down or print it, and keep it somewhere safe, away from this computer.")
			} else {
				x.say("your recovery key went to standard output. Print it or write it down, keep it somewhere safe, away from this computer, and delete any file it went to.")
			}
			x.say("attune does not keep it: this is the only time it is shown. With it, your map opens on any computer, even if every device is lost.")
			fmt.Fprint(x.out(), text)
		}
		s.sayKeysChanged(run, left)
		if len(earlier) > 0 {
			x.say("you also have %s: each opens your map. If one is lost or no longer needed: attune key remove %s",
				orJoin(earlier), quoteLabel(earlier[0]))
		}
		x.say("to use it: save it in a file and run attune --identity FILE, or age -d -i FILE map.toml.age (the README says how)")
		return nil
	})
}

// recoveryLabels are the labels of the recovery keys in list, in
// words: "the recovery key \"recovery\"".
func recoveryLabels(list []store.Key) []string {
	var out []string
	for _, k := range list {
		if k.Recovery {
			out = append(out, k.Label)
		}
	}
	return out
}

// orJoin names earlier recovery keys in a sentence.
func orJoin(labels []string) string {
	q := make([]string, len(labels))
	for i, l := range labels {
		q[i] = strconv.Quote(l)
	}
	if len(q) == 1 {
		return "an earlier recovery key, " + q[0]
	}
	return "earlier recovery keys, " + strings.Join(q, ", ")
}

// quoteLabel is a label as typed in a command: quoted when it holds a
// space.
func quoteLabel(l string) string {
	if strings.ContainsAny(l, " \t'\"") {
		return strconv.Quote(l)
	}
	return l
}

// secretStdout checks standard output before a secret key goes there,
// when it is a file (`> recovery.txt`): never one inside the store (a
// data folder that is synced would carry it), never one others may read
// that already holds something (`>>`); a file the shell has just made,
// empty and this user's, is made 0600 first.
func secretStdout(x *ctx, s *session) error {
	path, info, own, ok := x.io.StdoutFile()
	if !ok {
		return nil
	}
	shown := "standard output"
	if path != "" {
		shown = safe(path)
	}
	if path != "" && s.store.Owns(path, s.identityPath()) {
		return fail("send it somewhere outside the store folder, or use --output FILE",
			"%s is inside your store, which must never hold a secret key; nothing was changed", shown)
	}
	if info.Mode().Perm()&0o077 == 0 {
		return nil
	}
	if own && info.Size() == 0 {
		return x.io.PrivateStdout()
	}
	return fail("make it private first (chmod 600 "+shellWord(path)+"), or use --output NEWFILE",
		"%s is a file other users of this computer may read; nothing was changed", shown)
}

// checkNewOutput is checkOutput for a file that must be new: a secret
// key is never written over a file.
func checkNewOutput(s *session, output string) error {
	if err := checkOutput(s, output, "recovery key", "recovery-key.txt"); err != nil {
		return err
	}
	if _, err := os.Lstat(output); err == nil {
		return fail("choose a new file name, or move that file away first", "%s is there already; a key is never written over a file", safe(output))
	}
	return nil
}

// freeLabel is base, or base followed by the first number free.
func freeLabel(list []store.Key, base string) string {
	label := base
	for n := 2; labelTaken(list, label); n++ {
		label = fmt.Sprintf("%s %d", base, n)
	}
	return label
}
