package hex

// RefOutline exports refOutline, the reference of Coverer.Outline, to the
// external tests.
var RefOutline = refOutline
