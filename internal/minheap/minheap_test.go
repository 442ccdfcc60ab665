package minheap

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestHeapSorts: pushes and pops in random interleaving give every element
// back in order, against a sorted slice as the plain reference.
func TestHeapSorts(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		h := New(func(x, y int) bool { return x < y }, 0)
		var ref []int
		for range rng.IntN(300) {
			if rng.IntN(3) > 0 || h.Len() == 0 {
				v := rng.IntN(50)
				h.Push(v)
				ref = append(ref, v)
				continue
			}
			slices.Sort(ref)
			if peek, got := h.Peek(), h.Pop(); got != ref[0] || peek != got {
				t.Fatalf("round %d: Pop = %d (Peek %d), want %d", round, got, peek, ref[0])
			}
			ref = ref[1:]
		}
		if h.Len() != len(ref) {
			t.Fatalf("round %d: Len = %d, want %d", round, h.Len(), len(ref))
		}
		h.Reset()
		if h.Len() != 0 {
			t.Fatal("Reset left elements")
		}
	}
}
