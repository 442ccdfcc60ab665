package geo

// Meters is a distance in metres. Parameters that mean a distance take it
// (a maximum snapping distance, a search radius), so that a call cannot pass
// minutes, a speed or a count in their place without a visible conversion:
// untyped constants convert by themselves (Snap(p, 300, 0)), a float64
// variable needs geo.Meters(x). Results stay float64 in fields whose names
// say the unit (Location.Door, Found.Meters).
type Meters float64
