package textpos

import "testing"

func TestOf(t *testing.T) {
	data := []byte("ab\ncé\n\nxyz")
	tests := []struct{ off, line, col int }{
		{-5, 1, 1}, {0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {6, 2, 3}, {7, 3, 1}, {8, 4, 1}, {11, 4, 4}, {99, 4, 4},
	}
	for _, tt := range tests {
		if l, c := Of(data, tt.off); l != tt.line || c != tt.col {
			t.Errorf("Of(%d) = %d:%d, want %d:%d", tt.off, l, c, tt.line, tt.col)
		}
	}
}
