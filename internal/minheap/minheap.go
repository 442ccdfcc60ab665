// Package minheap is the module's one general binary min-heap, ordered by
// a function: the siting's lazy greedy (routing/access), the min-cost flow
// and the 1-centre search (routing/emergency) pop from it. routing keeps
// its own two heaps specialised because they sit on the hot path of every
// search (a generic one measured 15% slower there); in the users here the
// heap is a small part of the work (no measurable change in
// BenchmarkAssess when their copies became this one).
package minheap

// Heap is a binary min-heap of T by Less: Pop returns an element that no
// other is Less than. The zero value needs Less set before use.
type Heap[T any] struct {
	a    []T
	Less func(x, y T) bool
}

// New returns an empty heap ordered by less, with room for n elements.
func New[T any](less func(x, y T) bool, n int) *Heap[T] {
	return &Heap[T]{a: make([]T, 0, n), Less: less}
}

// Len returns the number of elements.
func (h *Heap[T]) Len() int { return len(h.a) }

// Reset empties the heap, keeping its storage.
func (h *Heap[T]) Reset() { h.a = h.a[:0] }

// Peek returns the element Pop would return; the heap must not be empty.
func (h *Heap[T]) Peek() T { return h.a[0] }

// Push adds x.
func (h *Heap[T]) Push(x T) {
	h.a = append(h.a, x)
	a := h.a
	for i := len(a) - 1; i > 0; {
		p := (i - 1) / 2
		if !h.Less(a[i], a[p]) {
			break
		}
		a[i], a[p] = a[p], a[i]
		i = p
	}
}

// Pop removes and returns the least element; the heap must not be empty.
func (h *Heap[T]) Pop() T {
	a := h.a
	top := a[0]
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	for i := 0; ; {
		l := 2*i + 1
		if l >= len(a) {
			break
		}
		m := l
		if r := l + 1; r < len(a) && h.Less(a[r], a[l]) {
			m = r
		}
		if !h.Less(a[m], a[i]) {
			break
		}
		a[i], a[m] = a[m], a[i]
		i = m
	}
	h.a = a
	return top
}
