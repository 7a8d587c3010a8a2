package learning

// Normalize rescales every column of w (rows × n, row-major, column j = the
// weights into neuron j) so that it sums to total. It does not clip: as in
// the original, a weight pushed above WMax stays there until STDP next
// touches it; Normalize appends to over the flat index of every weight it
// leaves above wmax, in ascending order, and returns it. A column that sums
// to zero is left alone. sums must have length n; it is scratch space.
func Normalize(w []float32, n int, total float64, sums []float64, wmax float32, over []int32) []int32 {
	sums = sums[:n]
	clear(sums)
	for r := 0; r+n <= len(w); r += n {
		row := w[r : r+n]
		for j, x := range row {
			sums[j] += float64(x)
		}
	}
	for j, s := range sums {
		if s > 0 {
			sums[j] = total / s
		} else {
			sums[j] = 1
		}
	}
	for r := 0; r+n <= len(w); r += n {
		row := w[r : r+n]
		for j, x := range row {
			y := float32(float64(x) * sums[j])
			row[j] = y
			if y > wmax {
				over = append(over, int32(r+j))
			}
		}
	}
	return over
}
