package hex

// u64map is an open-addressing hash map, with linear probing, from non-zero
// uint64 keys (lattice keys, cells, bucket keys) to int32 values. The zero
// value is an empty map.
type u64map struct {
	keys  []uint64 // 0 marks an empty slot
	vals  []int32
	n     int
	shift uint // 64 − log2(len(keys))
}

func (m *u64map) slot(k uint64) uint64 {
	return (k * 0x9e3779b97f4a7c15) >> m.shift
}

// get returns the value of k and whether k is present.
func (m *u64map) get(k uint64) (int32, bool) {
	if m.n == 0 {
		return 0, false
	}
	mask := uint64(len(m.keys) - 1)
	for i := m.slot(k); ; i = (i + 1) & mask {
		switch m.keys[i] {
		case k:
			return m.vals[i], true
		case 0:
			return 0, false
		}
	}
}

// put sets the value of k. It returns the previous value and whether there
// was one.
func (m *u64map) put(k uint64, v int32) (old int32, had bool) {
	if 2*(m.n+1) > len(m.keys) {
		m.grow()
	}
	mask := uint64(len(m.keys) - 1)
	for i := m.slot(k); ; i = (i + 1) & mask {
		switch m.keys[i] {
		case k:
			old = m.vals[i]
			m.vals[i] = v
			return old, true
		case 0:
			m.keys[i], m.vals[i] = k, v
			m.n++
			return 0, false
		}
	}
}

// add inserts k with value v unless k is present, and reports whether it
// inserted.
func (m *u64map) add(k uint64, v int32) bool {
	if 2*(m.n+1) > len(m.keys) {
		m.grow()
	}
	mask := uint64(len(m.keys) - 1)
	for i := m.slot(k); ; i = (i + 1) & mask {
		switch m.keys[i] {
		case k:
			return false
		case 0:
			m.keys[i], m.vals[i] = k, v
			m.n++
			return true
		}
	}
}

func (m *u64map) grow() { m.reserve(m.n + 1) }

// reserve makes room for n keys without growing again: at most half the
// slots filled (a quarter cost a fresh process some 50 more page faults
// for a Porto isochrone's maps, for slightly shorter probes).
func (m *u64map) reserve(n int) {
	if 2*n <= len(m.keys) {
		return
	}
	size, shift := 64, uint(58)
	for size < 2*n {
		size *= 2
		shift--
	}
	keys, vals := m.keys, m.vals
	m.keys, m.vals, m.shift, m.n = make([]uint64, size), make([]int32, size), shift, 0
	for i, k := range keys {
		if k != 0 {
			m.put(k, vals[i])
		}
	}
}

// reset empties m, keeping its storage.
func (m *u64map) reset() {
	if m.n > 0 {
		clear(m.keys)
		m.n = 0
	}
}
