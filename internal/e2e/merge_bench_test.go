package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"filippo.io/age"

	"github.com/attune-dev/attune/internal/testmaps"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/store"
)

// BenchmarkMergeDriver runs git's merge driver for the map, the attune
// binary end to end (start, decrypt three versions, merge, encrypt,
// write), on two versions of a 1,000-entry map with 50 changes each
// since their base: the target is at most a second.
func BenchmarkMergeDriver(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "store")
	id, err := age.GenerateX25519Identity()
	if err != nil {
		b.Fatal(err)
	}
	configHome := b.TempDir()
	cfg := store.Config{StoreID: store.NewStoreID(), Keys: []store.Key{{Recipient: id.Recipient().String()}}}
	if _, err := store.Init(dir, filepath.Join(configHome, "attune", "keys"), cfg, []byte(id.String()+"\n"), mapfile.New(), id.Recipient()); err != nil {
		b.Fatal(err)
	}
	base := testmaps.WithHistory(testmaps.Sample(1000))
	versions := map[string]*mapfile.Map{"base": base, "ours": testmaps.Changed(base, 50, 0, "kq"), "theirs": testmaps.Changed(base, 50, 1, "xy")}
	for name, m := range versions {
		plain, err := m.Encode()
		if err != nil {
			b.Fatal(err)
		}
		if err := store.WriteEncrypted(filepath.Join(dir, name), plain, false, id.Recipient()); err != nil {
			b.Fatal(err)
		}
	}
	ours, _ := os.ReadFile(filepath.Join(dir, "ours"))
	home := b.TempDir()
	for b.Loop() {
		if err := os.WriteFile(filepath.Join(dir, "merged"), ours, 0o600); err != nil {
			b.Fatal(err)
		}
		c := exec.Command(attuneBin, "__git-merge", "base", "merged", "theirs", store.MapFile)
		c.Dir, c.Env = dir, []string{"HOME=" + home, "XDG_CONFIG_HOME=" + configHome, "PATH=" + os.Getenv("PATH")}
		if out, err := c.CombinedOutput(); err != nil {
			b.Fatalf("the driver: %v\n%s", err, out)
		}
	}
}
