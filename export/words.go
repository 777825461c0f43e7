package export

// The words a partner reads, in every view of a map that is theirs to
// read (list --partner, list --from, list --for, and every summary and
// card), kept in one place so that no view words them differently. Plain
// and calm; a no is final; a good sign is never a yes.
const (
	// AlwaysCount goes with the stop word and signal, and stands alone
	// when there are none.
	AlwaysCount = "No, stop, or going still always count too. Any of them means stop, right away; no reason is needed."
	// NoStopWord is the stop box of a map with no stop word or signal.
	NoStopWord = "There is no separate stop word: no, stop, or going still always count. Any of them means stop, right away."
	// StopInShort stands for a stop word at the top of a card's later
	// pages when there is none.
	StopInShort = "No, stop, or going still always count"
	// NotAYes goes with the signs of enjoying.
	NotAYes = "A good sign is not a yes. When unsure, stop and ask."
	// BringUp goes with what someone is curious about.
	BringUp = "I'll bring these up myself, if and when I want to — please don't raise them for me."
	// CardNotVerified is said on a card of a partner's map whose keys
	// were not checked: a card is paper, so it names no command.
	CardNotVerified = "Not verified yet: compare safety codes with them before relying on this card."
	// NoBoundaries stands for the boundaries of a map that has none: an
	// empty list must never read as a yes to everything.
	NoBoundaries = "No boundaries written down; that is not a yes. Ask first."
	// NoTriggers stands for the triggers of a map that has none, which
	// is not a promise that nothing will come up.
	NoTriggers = "No triggers written down; some only show up in the moment."
	// CheckIn closes a summary.
	CheckIn = "Boundaries can change. Check in with each other."

	// Headings.
	HeadingStop      = "To stop"
	HeadingReadMe    = "How to read me"
	HeadingIfFrozen  = "If I freeze"
	HeadingIfWeStop  = "If we stop"
	HeadingRightThen = "Right then"
	HeadingAftercare = "Aftercare"
	HeadingCurious   = "Things I'm curious about"
)
