package textcheck

import "testing"

// BenchmarkCheck is the check every field of a map goes through when the
// map is read.
func BenchmarkCheck(b *testing.B) {
	for _, c := range []struct{ name, s string }{
		{"ascii", "Slow down and tell me what you are about to do, and give me a moment"},
		{"mixed", "Caresses lentes, s'il te plaît — 抱きしめ 👍🏽 🇫🇷 👩‍💻 e\u0301te\u0301"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if Check("text", c.s, false) != nil {
					b.Fatal("refused")
				}
			}
		})
	}
}
