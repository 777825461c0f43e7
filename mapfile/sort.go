package mapfile

// stableByRank returns a copy of xs ordered by rank (a small number, 0 or
// more), smallest first, entries of equal rank in their order in xs: a
// counting sort, one pass to count and one to place, for the handful of
// ranks a light or a category has. (sort.SliceStable moved each entry
// O(log n) times through reflection: 10 ms for a map of 10,000 entries, in
// every list and summary.) A nil or empty xs gives nil.
func stableByRank[T any](xs []T, rank func(*T) int) []T {
	if len(xs) == 0 {
		return nil
	}
	ranks := make([]int, len(xs))
	top := 0
	for i := range xs {
		ranks[i] = rank(&xs[i])
		top = max(top, ranks[i])
	}
	next := make([]int, top+2) // next[r+1] counts rank r, then next[r] is where rank r goes
	for _, r := range ranks {
		next[r+1]++
	}
	for r := 1; r < len(next); r++ {
		next[r] += next[r-1]
	}
	out := make([]T, len(xs))
	for i, r := range ranks {
		out[next[r]] = xs[i]
		next[r]++
	}
	return out
}
