package store

import (
	"os"
	"path/filepath"
	"strings"
)

// A data folder that is synced (Syncthing, Dropbox, a cloud drive) or
// committed (a git repository) is copied to other machines and kept in
// their histories: a key inside it, without a passphrase, is a key
// anyone with a copy holds.

// syncMarks are files a syncing tool or git leaves in the folder it
// syncs, or in one above it.
var syncMarks = []struct{ name, says string }{
	{".git", "it is in a git repository"},
	{".stfolder", "Syncthing syncs it"},
	{".stignore", "Syncthing syncs it"},
	{".dropbox", "Dropbox syncs it"},
	{".dropbox.cache", "Dropbox syncs it"},
}

// syncFolders are names of folders cloud drives sync, in lower case.
var syncFolders = []struct{ prefix, says string }{
	{"dropbox", "it is in a Dropbox folder"},
	{"onedrive", "it is in a OneDrive folder"},
	{"google drive", "it is in a Google Drive folder"},
	{"googledrive", "it is in a Google Drive folder"},
	{"my drive", "it is in a Google Drive folder"},
	{"icloud drive", "it is in an iCloud Drive folder"},
	{"mobile documents", "it is in an iCloud Drive folder"},
	{"nextcloud", "it is in a Nextcloud folder"},
	{"owncloud", "it is in an ownCloud folder"},
}

// LooksSynced says why dir looks synced or committed ("" when it does
// not): a mark in it or a folder above it, or a cloud drive's folder in
// its path.
func LooksSynced(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for d := abs; ; d = filepath.Dir(d) {
		for _, m := range syncMarks {
			if _, err := os.Lstat(filepath.Join(d, m.name)); err == nil {
				return m.says
			}
		}
		name := strings.ToLower(filepath.Base(d))
		for _, f := range syncFolders {
			if strings.HasPrefix(name, f.prefix) {
				return f.says
			}
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}
