package journal

import (
	"strings"

	"github.com/attune-dev/attune/internal/wordset"
)

// Feeling is one of the words a check-in offers for how one feels.
type Feeling string

// The feelings a check-in offers, in the words and order of the article
// the check-in follows, which asks before being intimate: "Do you feel
// turned on, anxious, numb, enthusiastic, dissociated, relaxed?" (the
// issue that asked for check-ins quotes it). Anything else is one's own
// words (CheckIn.Words).
const (
	TurnedOn     Feeling = "turned-on"
	Anxious      Feeling = "anxious"
	Numb         Feeling = "numb"
	Enthusiastic Feeling = "enthusiastic"
	Dissociated  Feeling = "dissociated"
	Relaxed      Feeling = "relaxed"
)

// FeelingWords is how feelings may be typed.
var FeelingWords = wordset.New("feeling",
	wordset.Word[Feeling]{Value: TurnedOn, Names: []string{"turned-on", "turned on"}, Hidden: []string{"turnedon"}},
	wordset.Word[Feeling]{Value: Anxious, Names: []string{"anxious"}},
	wordset.Word[Feeling]{Value: Numb, Names: []string{"numb"}},
	wordset.Word[Feeling]{Value: Enthusiastic, Names: []string{"enthusiastic"}},
	wordset.Word[Feeling]{Value: Dissociated, Names: []string{"dissociated"}},
	wordset.Word[Feeling]{Value: Relaxed, Names: []string{"relaxed"}},
)

// Valid reports whether f is one of the offered feelings.
func (f Feeling) Valid() bool { return FeelingWords.Valid(f) }

// Shown is the feeling as a sentence says it: "turned on".
func (f Feeling) Shown() string { return strings.ReplaceAll(string(f), "-", " ") }

// ParseFeelings reads feelings separated by commas ("numb,anxious");
// spaces around them and an empty item are left out, the same feeling
// twice is kept once. An unknown word is a
// *textcheck.UnknownValueError.
func ParseFeelings(s string) ([]Feeling, error) {
	var out []Feeling
	for _, part := range strings.Split(s, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		f, err := FeelingWords.Parse(part)
		if err != nil {
			return nil, err
		}
		if !contains(out, f) {
			out = append(out, f)
		}
	}
	return out, nil
}

func contains[T comparable](l []T, v T) bool {
	for _, x := range l {
		if x == v {
			return true
		}
	}
	return false
}

// State is how settled one's body feels right now.
type State string

// The states a check-in asks about.
const (
	Settled  State = "settled"
	RevvedUp State = "revved-up"
	ShutDown State = "shut-down" // shut down, or far away
)

// StateWords is how states may be typed.
var StateWords = wordset.New("state",
	wordset.Word[State]{Value: Settled, Names: []string{"settled"}},
	wordset.Word[State]{Value: RevvedUp, Names: []string{"revved-up", "revved up"}, Hidden: []string{"revved", "revvedup"}},
	wordset.Word[State]{Value: ShutDown, Names: []string{"shut-down", "shut down", "far away", "far-away"}, Hidden: []string{"shutdown", "faraway"}},
)

// Valid reports whether s is one of the states.
func (s State) Valid() bool { return StateWords.Valid(s) }

// Shown is the state as a sentence says it.
func (s State) Shown() string {
	switch s {
	case RevvedUp:
		return "revved up"
	case ShutDown:
		return "shut down / far away"
	}
	return string(s)
}

// Answer is a yes, a partly or a no.
type Answer string

// The answers.
const (
	Yes    Answer = "yes"
	Partly Answer = "partly"
	No     Answer = "no"
)

// AnswerWords is how answers may be typed.
var AnswerWords = wordset.New("answer",
	wordset.Word[Answer]{Value: Yes, Names: []string{"yes"}, Hidden: []string{"y"}},
	wordset.Word[Answer]{Value: Partly, Names: []string{"partly"}, Hidden: []string{"a bit", "some", "somewhat"}},
	wordset.Word[Answer]{Value: No, Names: []string{"no"}, Hidden: []string{"n"}},
)

// Valid reports whether a is one of the answers.
func (a Answer) Valid() bool { return AnswerWords.Valid(a) }
