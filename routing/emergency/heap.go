package emergency

// minHeap is the binary min-heap both the min-cost flow (assign) and the
// 1-centre search (centre) pop from: one heap for the package, ordered by
// less. routing keeps its own two heaps specialised because they sit on the
// hot path of every search; here the heap is a small part of the work (no
// measurable change in BenchmarkAssess/advice=true when the two copies
// became this one).
type minHeap[T any] struct {
	a    []T
	less func(x, y T) bool
}

func (h *minHeap[T]) len() int { return len(h.a) }

// reset empties the heap, keeping its storage.
func (h *minHeap[T]) reset() { h.a = h.a[:0] }

func (h *minHeap[T]) push(x T) {
	h.a = append(h.a, x)
	a := h.a
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(a[i], a[p]) {
			break
		}
		a[i], a[p] = a[p], a[i]
		i = p
	}
}

func (h *minHeap[T]) pop() T {
	a := h.a
	top := a[0]
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= len(a) {
			break
		}
		m := l
		if r := l + 1; r < len(a) && h.less(a[r], a[l]) {
			m = r
		}
		if !h.less(a[m], a[i]) {
			break
		}
		a[i], a[m] = a[m], a[i]
		i = m
	}
	h.a = a
	return top
}
