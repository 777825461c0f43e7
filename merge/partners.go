package merge

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/attune-dev/attune/mapfile"
)

// partners merges the partners, matched by name: one removed in either
// version stays removed (even if the other changed them: removing
// someone is never undone by a sync), one added in either is kept, and
// one both have is merged field by field.
func (mg *merger) partners(b, o, t *mapfile.Map) []mapfile.Partner {
	var bl []mapfile.Partner
	if b != nil {
		bl = b.Partners
	}
	byName := func(l []mapfile.Partner) map[string]*mapfile.Partner {
		out := make(map[string]*mapfile.Partner, len(l))
		for i := range l {
			out[mapfile.PartnerNameKey(l[i].Name)] = &l[i]
		}
		return out
	}
	bx, ox, tx := byName(bl), byName(o.Partners), byName(t.Partners)
	var out []mapfile.Partner
	for i := range o.Partners {
		p := &o.Partners[i]
		name := mapfile.PartnerNameKey(p.Name)
		bp, inBase := bx[name]
		tp, inTheirs := tx[name]
		switch {
		case inTheirs:
			out = append(out, mg.partner(bp, p, tp))
		case inBase && mg.hasBase: // removed there
		default:
			out = append(out, clonePartner(p))
		}
	}
	for i := range t.Partners {
		p := &t.Partners[i]
		name := mapfile.PartnerNameKey(p.Name)
		if _, ok := ox[name]; ok {
			continue
		}
		if _, inBase := bx[name]; inBase && mg.hasBase { // removed here
			continue
		}
		out = append(out, mg.rekeyed(clonePartner(p)))
	}
	return out
}

func clonePartner(p *mapfile.Partner) mapfile.Partner {
	c := *p
	c.Recipients, c.ExportIDs = slices.Clone(p.Recipients), slices.Clone(p.ExportIDs)
	return c
}

// rekeyed is a partner of theirs with the ids it knows entries by under
// the keys the merge kept (see merger.rekey).
func (mg *merger) rekeyed(p mapfile.Partner) mapfile.Partner {
	p.ExportIDs = mg.rekeyPairs(p.ExportIDs)
	p.ExportIDs, _ = exportIDs(p.ExportIDs)
	return p
}

func (mg *merger) rekeyPairs(pairs []string) []string {
	if len(mg.rekey) == 0 {
		return pairs
	}
	out := make([]string, len(pairs))
	for i, pair := range pairs {
		key, id, _ := strings.Cut(pair, " ")
		if k, ok := mg.rekey[key]; ok {
			pair = k + " " + id
		}
		out[i] = pair
	}
	return out
}

// partner merges one partner both versions have. Their keys (public and
// signing) and whether they were verified go together: changed
// differently in both, ours are kept, with a notice to check them.
func (mg *merger) partner(bp, op, tp *mapfile.Partner) mapfile.Partner {
	res := clonePartner(op)
	var zero mapfile.Partner
	if bp == nil {
		bp = &zero
	}
	keysOf := func(p *mapfile.Partner) string {
		return strings.Join(p.Recipients, "\n") + "\x00" + p.SigningKey + "\x00" + p.Verified.UTC().Format(time.RFC3339Nano)
	}
	if v, ok := mg.pick(keysOf(bp), keysOf(op), keysOf(tp)); !ok {
		mg.note(mapfile.Notice{What: mapfile.NoticePartner, Setting: "partner", Ours: op.Name, Theirs: "keys"})
	} else if v != keysOf(op) {
		res.Recipients, res.SigningKey, res.Verified = slices.Clone(tp.Recipients), tp.SigningKey, tp.Verified
	}
	res.ID, _ = mg.pick(bp.ID, op.ID, tp.ID)
	res.Added = earliest(op.Added, tp.Added)
	var clash bool
	res.ExportIDs, clash = exportIDs(mergeSet(mg.hasBase, bp.ExportIDs, op.ExportIDs, mg.rekeyPairs(tp.ExportIDs)))
	if clash {
		mg.note(mapfile.Notice{What: mapfile.NoticePartner, Setting: "partner", Ours: op.Name, Theirs: "ids"})
	}
	return res
}

// exportIDs keeps one id for each key ("KEY ID" pairs) and one key for
// each id: for a key given two ids (on two devices), the lower; for an
// id given to two keys, the first pair's — the other entry gets an id of
// its own at the next export. clash says whether any was dropped.
func exportIDs(pairs []string) (out []string, clash bool) {
	idOf := make(map[string]int, len(pairs)) // key → place in out
	keyOf := make(map[string]string, len(pairs))
	for _, pair := range pairs {
		key, id, _ := strings.Cut(pair, " ")
		if j, ok := idOf[key]; ok {
			clash = true
			_, had, _ := strings.Cut(out[j], " ")
			if number(id) < number(had) && keyOf[id] == "" {
				delete(keyOf, had)
				out[j], keyOf[id] = pair, key
			}
			continue
		}
		if keyOf[id] != "" {
			clash = true
			continue
		}
		idOf[key], keyOf[id] = len(out), key
		out = append(out, pair)
	}
	return out, clash
}

func number(id string) int {
	n, err := strconv.Atoi(id[min(1, len(id)):])
	if err != nil {
		return int(^uint(0) >> 1)
	}
	return n
}

// mergeSet is the three-way merge of a list of distinct values: those
// of ours that theirs did not remove, then those theirs added; without
// a base, both.
func mergeSet[E comparable](hasBase bool, b, o, t []E) []E {
	inB, inO, inT := setOf(b), setOf(o), setOf(t)
	out := make([]E, 0, len(o)+len(t))
	for _, e := range o {
		if hasBase && inB[e] && !inT[e] {
			continue
		}
		out = append(out, e)
	}
	for _, e := range t {
		if !inO[e] && !(hasBase && inB[e]) {
			out = append(out, e)
		}
	}
	return out
}

func setOf[E comparable](l []E) map[E]bool {
	out := make(map[E]bool, len(l))
	for _, e := range l {
		out[e] = true
	}
	return out
}
