package export

import (
	"strconv"
	"time"

	"github.com/attune-dev/attune/aftercare"
	"github.com/attune-dev/attune/boundaries"
	"github.com/attune-dev/attune/curious"
	"github.com/attune-dev/attune/mapfile"
	"github.com/attune-dev/attune/signs"
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

// fullMap is a typical, invented map with every part of the card: a stop
// word and signal, signs, what to do if frozen and if we stop, boundaries
// (ASK FIRST with conditions), triggers, aftercare, signs of enjoying and
// a curiosity; 25 entries in all.
func fullMap() *mapfile.Map {
	added := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	m := &mapfile.Map{Version: 2, Name: "Sam", Safeword: "pineapple", Signal: "two taps on the shoulder",
		IfFrozen: "Stop, move back a little and ask me quietly whether I want a blanket. Wait for me to answer in words.",
		IfWeStop: "Take your hands away and sit where I can see you. Don't ask why yet; I'll tell you when I can.",
	}
	sign := func(k signs.Kind, text, note string) {
		m.Signs = append(m.Signs, signs.Sign{ID: "s" + strconv.Itoa(len(m.Signs)+1), Kind: k, Text: text, Note: note, Added: added})
	}
	sign(signs.NotOK, "I go quiet or stop answering", "")
	sign(signs.NotOK, "My eyes look far away, or I stare at one spot", "")
	sign(signs.NotOK, "I keep saying \"it's fine\" in a flat voice", "that usually means it isn't")
	sign(signs.OK, "I laugh and move closer", "")
	sign(signs.OK, "I say what I'd like next", "")
	bound := func(l boundaries.Light, text, onlyIf, note string) {
		m.Boundaries = append(m.Boundaries, boundaries.Boundary{ID: "b" + strconv.Itoa(len(m.Boundaries)+1), Light: l, Text: text, OnlyIf: onlyIf, Note: note, Added: added})
	}
	bound(boundaries.Red, "Being held down", "", "wrists especially")
	bound(boundaries.Red, "Anything while I am asleep or half asleep", "", "")
	bound(boundaries.Red, "Photos or videos of any kind", "", "")
	bound(boundaries.Yellow, "Kissing my neck", "I start it", "")
	bound(boundaries.Yellow, "Trying something new", "we talked about it the day before", "not in the moment")
	bound(boundaries.Yellow, "Lights off", "I can reach the lamp", "")
	bound(boundaries.Green, "Holding hands", "", "")
	bound(boundaries.Green, "Long hugs, facing each other", "", "")
	trig := func(c triggers.Category, text string, in triggers.Intensity, helps, note string) {
		m.Triggers = append(m.Triggers, triggers.Trigger{ID: "t" + strconv.Itoa(len(m.Triggers)+1), Category: c, Text: text, Intensity: in, Helps: helps, Note: note, Added: added})
	}
	trig(triggers.Positions, "Lying flat on my back with someone above me", triggers.High, "Let me sit up; stay where I can see you", "")
	trig(triggers.Movements, "Sudden fast movements near my face", triggers.Medium, "Slow down and tell me what you are about to do", "")
	trig(triggers.Activities, "Being tickled", triggers.High, "Stop straight away, even if I am laughing", "laughing is not a yes")
	trig(triggers.Smells, "Cigarette smoke on clothes", triggers.Low, "Change your shirt, no fuss", "")
	trig(triggers.Sounds, "Doors slamming", triggers.Medium, "Tell me it was the wind and sit with me a minute", "")
	trig(triggers.Words, "Being called a good girl", triggers.High, "Use my name instead", "this one is not negotiable")
	trig(triggers.Touch, "A hand on the back of my neck", triggers.High, "Move your hand to my shoulder and let me breathe", "")
	trig(triggers.Other, "Arguments late at night", triggers.Medium, "Pause, and pick it up in the morning", "I am not avoiding it")
	care := func(w aftercare.When, text, note string) {
		m.Aftercare = append(m.Aftercare, aftercare.Care{ID: "a" + strconv.Itoa(len(m.Aftercare)+1), When: w, Text: text, Note: note, Added: added})
	}
	care(aftercare.AfterStop, "A glass of water and my soft blanket", "")
	care(aftercare.After, "Stay close and talk about something ordinary", "")
	care(aftercare.NextDay, "A short message to check in", "nothing heavy, a hello is enough")
	m.Curious = append(m.Curious, curious.Curiosity{ID: "c1", Text: "A slow massage with warm oil", Added: added})
	return m
}

// smallMap is a short map: six entries, a stop word, no signal.
func smallMap() *mapfile.Map {
	m := fullMap()
	m.Signal, m.IfFrozen, m.IfWeStop = "", "", ""
	m.Signs, m.Aftercare, m.Curious = nil, nil, nil
	m.Boundaries = []boundaries.Boundary{m.Boundaries[0], m.Boundaries[2], m.Boundaries[3], m.Boundaries[6]}
	m.Triggers = []triggers.Trigger{m.Triggers[0], m.Triggers[4]}
	return m
}

// longMap is a long map of 60 entries: fullMap with 35 more boundaries
// and triggers, invented in the same spirit.
func longMap() *mapfile.Map {
	m := fullMap()
	added := m.Boundaries[0].Added
	more := []string{"Being woken up by touch", "Someone standing in the doorway", "Tight clothing being pulled", "Being watched while I undress",
		"Hands on my hips from behind", "Pet names I didn't choose", "Being rushed", "Talking about exes during", "Teasing about my body",
		"Hair pulling", "Biting", "Being carried", "Pinning my arms, even in play", "Eye contact held for a long time",
		"Dirty talk", "Blindfolds", "Staying over on weeknights"}
	for i, text := range more {
		l := []boundaries.Light{boundaries.Red, boundaries.Yellow, boundaries.Green}[i%3]
		b := boundaries.Boundary{ID: "bx" + strconv.Itoa(i), Light: l, Text: text, Added: added}
		if l == boundaries.Yellow {
			b.OnlyIf = "we talk about it first, outside the bedroom"
		}
		m.Boundaries = append(m.Boundaries, b)
	}
	ts := []struct {
		c    triggers.Category
		text string
	}{
		{triggers.Positions, "Being pressed against a wall"}, {triggers.Positions, "Someone kneeling over me"},
		{triggers.Movements, "A raised hand, even in a joke"}, {triggers.Movements, "Being grabbed by the arm"},
		{triggers.Activities, "Wrestling or play-fighting"}, {triggers.Activities, "Being undressed by someone else"},
		{triggers.Smells, "Beer on someone's breath"}, {triggers.Smells, "A particular aftershave"},
		{triggers.Sounds, "A belt buckle"}, {triggers.Sounds, "Heavy footsteps on the stairs"},
		{triggers.Textures, "Rough wool blankets"}, {triggers.Textures, "Leather car seats"},
		{triggers.Words, "Being told to relax"}, {triggers.Words, "\"You know you want to\""},
		{triggers.Touch, "Cold hands on my stomach"}, {triggers.Touch, "My face touched without asking"},
		{triggers.Other, "Hospital waiting rooms"}, {triggers.Other, "Being in a locked car"},
	}
	ins := []triggers.Intensity{triggers.High, triggers.Medium, triggers.Low}
	for i, t := range ts {
		m.Triggers = append(m.Triggers, triggers.Trigger{ID: "tx" + strconv.Itoa(i), Category: t.c, Intensity: ins[i%3],
			Text: t.text, Helps: "Stop, step back, and let me breathe before we talk", Added: added})
	}
	return m
}

// cardMaps are maps of many lengths and shapes, to check the card's type
// size against: each one the card prints larger than its smallest size
// must fit on one sheet.
func cardMaps() map[string]*mapfile.Map {
	tiny := fullMap()
	tiny.Signal, tiny.IfFrozen, tiny.IfWeStop = "", "", ""
	tiny.Signs, tiny.Aftercare, tiny.Curious = nil, nil, nil
	tiny.Boundaries, tiny.Triggers = tiny.Boundaries[:1], tiny.Triggers[:1]

	m10 := fullMap()
	m10.IfWeStop, m10.Curious = "", nil
	m10.Signs, m10.Boundaries, m10.Triggers, m10.Aftercare = m10.Signs[:2], m10.Boundaries[:4], m10.Triggers[:3], m10.Aftercare[:1]

	m14 := fullMap()
	m14.Curious = nil
	m14.Signs, m14.Boundaries, m14.Triggers, m14.Aftercare = m14.Signs[:3], m14.Boundaries[:5], m14.Triggers[:4], m14.Aftercare[:2]

	// Boundaries and triggers only, as a map written before signs and
	// aftercare existed.
	bt := fullMap()
	bt.IfFrozen, bt.IfWeStop = "", ""
	bt.Signs, bt.Aftercare, bt.Curious = nil, nil, nil

	// Short entries: many lines, few words.
	short := fullMap()
	short.Boundaries = short.Boundaries[:0]
	for _, text := range []string{"Holding hands", "Hugs", "Back rubs", "Cuddling", "Kisses", "Massage", "Showering together", "Slow dancing"} {
		short.Boundaries = append(short.Boundaries, boundaries.Boundary{ID: "g" + strconv.Itoa(len(short.Boundaries)), Light: boundaries.Green, Text: text})
	}

	// Notes of two lines on every trigger.
	notes := fullMap()
	for i := range notes.Triggers {
		notes.Triggers[i].Note = "it started years ago and still catches me off guard;\nplease be patient with me when it does"
	}

	return map[string]*mapfile.Map{"2 entries": tiny, "small": smallMap(), "10 entries": m10, "14 entries": m14,
		"boundaries and triggers": bt, "sample": sampleMap(), "short entries": short, "full": fullMap(), "notes": notes}
}
