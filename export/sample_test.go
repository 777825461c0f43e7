package export

import (
	"strconv"
	"time"

	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/triggers"
)

// sampleMap is a typical, invented map: about ten boundaries and ten
// triggers, with notes and what helps.
func sampleMap() *mapfile.Map {
	added := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	m := &mapfile.Map{Version: 1, Name: "Sam", Safeword: "pineapple", Signal: "two taps on the shoulder"}
	bs := []struct {
		l          boundaries.Light
		text, note string
		private    bool
	}{
		{boundaries.Red, "Being held down", "wrists especially", false},
		{boundaries.Red, "Anything while I am asleep or half asleep", "", false},
		{boundaries.Red, "Surprises from behind", "say my name first", false},
		{boundaries.Red, "Photos or videos of any kind", "", false},
		{boundaries.Yellow, "Kissing my neck", "some days it is fine, some days not", false},
		{boundaries.Yellow, "Hands under clothes", "", false},
		{boundaries.Yellow, "Trying something new", "talk about it the day before, not in the moment", false},
		{boundaries.Yellow, "Lights off", "", true},
		{boundaries.Green, "Holding hands", "", false},
		{boundaries.Green, "Long hugs, facing each other", "", false},
		{boundaries.Green, "Back rubs", "", false},
	}
	for i, b := range bs {
		m.Boundaries = append(m.Boundaries, boundaries.Boundary{ID: "b" + strconv.Itoa(i+1), Light: b.l, Text: b.text, Note: b.note, Private: b.private, Added: added})
	}
	ts := []struct {
		c           triggers.Category
		text        string
		in          triggers.Intensity
		helps, note string
	}{
		{triggers.Positions, "Lying flat on my back with someone above me", triggers.High, "Let me sit up; stay where I can see you", ""},
		{triggers.Movements, "Sudden fast movements near my face", triggers.Medium, "Slow down and tell me what you are about to do", ""},
		{triggers.Activities, "Being tickled", triggers.High, "Stop straight away, even if I am laughing", "laughing is not a yes"},
		{triggers.Smells, "A particular aftershave", triggers.High, "Open a window; a shower together later is fine", ""},
		{triggers.Smells, "Cigarette smoke on clothes", triggers.Low, "Change your shirt, no fuss", ""},
		{triggers.Sounds, "Doors slamming", triggers.Medium, "Tell me it was the wind and sit with me a minute", ""},
		{triggers.Textures, "Rough wool blankets", triggers.Low, "Swap for the cotton one", ""},
		{triggers.Words, "Being called a good girl", triggers.High, "Use my name instead", "this one is not negotiable"},
		{triggers.Touch, "A hand on the back of my neck", triggers.High, "Move your hand to my shoulder and let me breathe", ""},
		{triggers.Other, "Arguments late at night", triggers.Medium, "Pause, and pick it up in the morning", "I am not avoiding it"},
		{triggers.Other, "Hospital waiting rooms", triggers.Low, "Come with me if you can", ""},
	}
	for i, t := range ts {
		m.Triggers = append(m.Triggers, triggers.Trigger{ID: "t" + strconv.Itoa(i+1), Category: t.c, Text: t.text, Intensity: t.in, Helps: t.helps, Note: t.note, Added: added})
	}
	return m
}
