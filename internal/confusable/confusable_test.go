package confusable

import (
	"testing"

	"github.com/mtibben/confusables"
)

// The table is the library's, so every skeleton is the library's: every
// code point (every 7th under -short), and strings that mix them.
func TestSameAsLibrary(t *testing.T) {
	step := rune(1)
	if testing.Short() {
		step = 7
	}
	for r := rune(0); r <= 0x10FFFF; r += step {
		s := string(r)
		if got, want := Skeleton(s), confusables.Skeleton(s); got != want {
			t.Fatalf("Skeleton(%+q) = %+q, the library says %+q", s, got, want)
		}
	}
	for _, s := range []string{"Sam", "Ѕаm", "rn", "m", "Robin", "Rоbin", "Alex\u0301", "A\u0308lex", "ǅ", "ﬁ", "\xff\xfe", ""} {
		if got, want := Skeleton(s), confusables.Skeleton(s); got != want {
			t.Errorf("Skeleton(%+q) = %+q, the library says %+q", s, got, want)
		}
	}
}

// A check that the comparison above can fail: Latin and Cyrillic "a"
// share a skeleton, and a character the table maps is changed.
func TestSkeletonMaps(t *testing.T) {
	if Skeleton("Sam") != Skeleton("Ѕаm") {
		t.Error("Sam and Ѕаm (Cyrillic Ѕ and а) do not share a skeleton")
	}
	if Skeleton("Sam") == Skeleton("Sem") {
		t.Error("Sam and Sem share a skeleton")
	}
}

// The binary search needs the table sorted, each character once.
func TestTableSorted(t *testing.T) {
	if !sortedUnique() {
		t.Fatal("the table is not sorted by character, once each")
	}
}

func sortedUnique() bool {
	for i := 1; i < len(table); i++ {
		if table[i-1].from >= table[i].from {
			return false
		}
	}
	return true
}
