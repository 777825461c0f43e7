package mapfile

// HearFastFallbacks records, for the length of the test, why the fast
// decoder passed inputs on to BurntSushi/toml.
var HearFastFallbacks = hearFallbacks
