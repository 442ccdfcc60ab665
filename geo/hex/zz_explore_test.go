package hex

import (
	"math"
	"testing"

	h3 "github.com/uber/h3-go/v4"
)

var sinkC h3.Cell
var sinkF float64

func BenchmarkXBoundary(b *testing.B) {
	c := h3.LatLngToCell(h3.LatLng{Lat: 41.15, Lng: -8.61}, 11)
	for b.Loop() {
		sinkF += c.Boundary()[0].Lat
	}
}
func BenchmarkXCenter(b *testing.B) {
	c := h3.LatLngToCell(h3.LatLng{Lat: 41.15, Lng: -8.61}, 11)
	for b.Loop() {
		sinkF += h3.CellToLatLng(c).Lat
	}
}
func BenchmarkXToCell(b *testing.B) {
	for b.Loop() {
		sinkC = h3.LatLngToCell(h3.LatLng{Lat: 41.15, Lng: -8.61}, 11)
	}
}
func BenchmarkXDisk(b *testing.B) {
	c := h3.LatLngToCell(h3.LatLng{Lat: 41.15, Lng: -8.61}, 11)
	for b.Loop() {
		sinkC = c.GridDisk(1)[3]
	}
}
func BenchmarkXValid(b *testing.B) {
	c := h3.LatLngToCell(h3.LatLng{Lat: 41.15, Lng: -8.61}, 11)
	for b.Loop() {
		if c.IsValid() {
			sinkF++
		}
	}
}
func BenchmarkXEdges(b *testing.B) {
	c := h3.LatLngToCell(h3.LatLng{Lat: 41.15, Lng: -8.61}, 11)
	for b.Loop() {
		sinkF += float64(c.DirectedEdges()[2])
	}
}
func BenchmarkXLocalIJ(b *testing.B) {
	c := h3.LatLngToCell(h3.LatLng{Lat: 41.15, Lng: -8.61}, 11)
	d := h3.LatLngToCell(h3.LatLng{Lat: 41.151, Lng: -8.611}, 11)
	for b.Loop() {
		sinkF += float64(h3.CellToLocalIJ(c, d).I)
	}
}
func BenchmarkXGoTrig(b *testing.B) {
	x := 0.3
	for b.Loop() {
		for i := 0; i < 6; i++ {
			x = math.Atan2(math.Sin(x), math.Cos(x)+1) + math.Asin(x*0.1)
		}
	}
	sinkF = x
}
