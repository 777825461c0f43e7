package app

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/attune-dev/attune/export"
)

// `attune compare --partner NAME`: one's own map, as that partner may see
// it, beside the map last imported from them. Only where the two already
// meet is shown, and their limits in full; never a wish beside a limit.
func compareAction(x *ctx) error {
	name := x.String("partner")
	if name == "" {
		return usage("for example: attune compare --partner Alex", "compare needs --partner NAME")
	}
	format, err := summaryFormat(x)
	if err != nil {
		return err
	}
	if x.Bool("json") && (x.IsSet("format") || format != export.FormatText) {
		return usage("use --json alone, or --format text, markdown or html", "--json and --format cannot be used together")
	}
	return withSession(x, func(s *session) error {
		out, checkOut := outputFlag(x)
		if checkOut {
			if err := checkOutput(s, out, "compare", "~/compare.txt"); err != nil {
				return err
			}
		}
		theirs, err := s.partnerShown(name)
		if err != nil {
			return err
		}
		own, err := s.readMap()
		if err != nil {
			return err
		}
		// Mine as they may see it: what my export for them holds (or, for
		// someone whose map I have but who has no key of mine, what I
		// share with everyone).
		p := own.Partner(name)
		audience := export.Audience{Partner: p}
		if p != nil {
			audience.Recipients = p.Recipients
		}
		mine, _, _ := export.Plan(own, audience, x.io.Now())
		c := export.Compare(mine, theirs.m)
		c.Trust = theirs.trust
		var buf bytes.Buffer
		if x.Bool("json") {
			err = writeCompareJSON(&buf, c)
		} else {
			err = export.WriteComparison(&buf, c, format, summaryWidth(x, out == ""))
		}
		if err != nil {
			return err
		}
		if out == "" {
			_, err := x.out().Write(buf.Bytes())
			return err
		}
		if err := writeOutput(out, buf.Bytes()); err != nil {
			return fmt.Errorf("writing the comparison: %w", err)
		}
		x.say("wrote %s (not encrypted: keep it somewhere safe, and delete it when you are done)", safe(out))
		return nil
	})
}

// jsonCompare is the documented shape of `compare --json`.
type jsonCompare struct {
	Me            string          `json:"me"`
	Partner       string          `json:"partner"`
	Verified      bool            `json:"verified"`
	BothGo        []export.Match  `json:"both_go"`
	BothCurious   []export.Match  `json:"both_curious"`
	TheirSafeword string          `json:"their_safeword"`
	TheirSignal   string          `json:"their_signal"`
	TheirLimits   []jsonTheirItem `json:"their_limits"`
}

type jsonTheirItem struct {
	Light  string `json:"light"`
	Label  string `json:"label"`
	Text   string `json:"text"`
	OnlyIf string `json:"only_if"`
	Note   string `json:"note"`
}

func writeCompareJSON(w *bytes.Buffer, c *export.Comparison) error {
	out := jsonCompare{Me: c.Me, Partner: c.Them, Verified: c.Trust == "", BothGo: c.BothGo, BothCurious: c.BothCurious,
		TheirSafeword: c.TheirSafeword, TheirSignal: c.TheirSignal, TheirLimits: []jsonTheirItem{}}
	if out.BothGo == nil {
		out.BothGo = []export.Match{}
	}
	if out.BothCurious == nil {
		out.BothCurious = []export.Match{}
	}
	for _, l := range c.Limits() {
		out.TheirLimits = append(out.TheirLimits, jsonTheirItem{Light: l.Light, Label: l.Label, Text: l.Text, OnlyIf: l.OnlyIf, Note: l.Note})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
