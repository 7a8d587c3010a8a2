package results

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/optimize"
)

// Sparse is one example's response: the neurons that fired and each one's
// share of the example's spikes, the readout's features.
type Sparse struct {
	Neuron []int32
	Share  []float64
}

// SparseOf is counts as a Sparse; an example without spikes has no
// features.
func SparseOf(counts []int32) Sparse {
	var s Sparse
	total := 0
	for _, c := range counts {
		total += int(c)
	}
	for j, c := range counts {
		if c > 0 {
			s.Neuron = append(s.Neuron, int32(j))
			s.Share = append(s.Share, float64(c)/float64(total))
		}
	}
	return s
}

// LogReg is a linear readout of the spike counts beside the votes: a
// multinomial logistic regression on the share of an example's spikes each
// neuron fired, K classes, the readout BindsNET and most papers report.
// W holds per class N weights and then the class's bias.
type LogReg struct {
	N, K   int
	Lambda float64   // the L2 penalty it was fitted with
	W      []float64 // K × (N+1), row-major
}

// DefaultLambda is the L2 penalty FitLogReg is given by eval: the mean
// log-loss plus Lambda/2 times the squared weights (biases free).
const DefaultLambda = 1e-6

// FitLogReg fits the readout of n neurons and k classes on labelled
// responses by L-BFGS from zero weights, so the same responses always give
// the same weights. Only the labelling digits may be given: the test
// digits are scored with it afterwards.
func FitLogReg(x []Sparse, labels []byte, n, k int, lambda float64) (*LogReg, error) {
	if len(x) != len(labels) || len(x) == 0 || n < 1 || k < 2 {
		return nil, fmt.Errorf("logreg: %d responses, %d labels, %d neurons, %d classes", len(x), len(labels), n, k)
	}
	r := &LogReg{N: n, K: k, Lambda: lambda}
	f := lossOf(r, x, labels)
	res, err := optimize.Minimize(optimize.Problem{
		Func: func(w []float64) float64 { v, _ := f(w); return v },
		Grad: func(g, w []float64) { _, d := f(w); copy(g, d) },
	}, make([]float64, k*(n+1)), &optimize.Settings{MajorIterations: 300, GradientThreshold: 1e-6}, &optimize.LBFGS{})
	if err != nil && res == nil {
		return nil, fmt.Errorf("logreg: %v", err)
	}
	r.W = res.X
	return r, nil
}

// lossOf returns the penalised mean log-loss of r's weights w on x and its
// gradient, remembering the last w it was asked about (Minimize asks for
// the value and the gradient at the same point in two calls).
func lossOf(r *LogReg, x []Sparse, labels []byte) func(w []float64) (float64, []float64) {
	var last, grad []float64
	var val float64
	p := make([]float64, r.K)
	return func(w []float64) (float64, []float64) {
		if last != nil && slices.Equal(w, last) {
			return val, grad
		}
		last, grad, val = slices.Clone(w), make([]float64, len(w)), 0
		r.W = w
		for e, s := range x {
			r.logits(s, p)
			lse := floats.LogSumExp(p)
			val -= p[labels[e]] - lse
			for c := range p {
				d := math.Exp(p[c] - lse)
				if c == int(labels[e]) {
					d--
				}
				row := grad[c*(r.N+1):][:r.N+1]
				for i, j := range s.Neuron {
					row[j] += d * s.Share[i]
				}
				row[r.N] += d
			}
		}
		m := float64(len(x))
		val /= m
		floats.Scale(1/m, grad)
		for c := range r.K {
			row, wr := grad[c*(r.N+1):][:r.N], w[c*(r.N+1):][:r.N]
			val += r.Lambda / 2 * floats.Dot(wr, wr)
			floats.AddScaled(row, r.Lambda, wr)
		}
		return val, grad
	}
}

// logits writes each class's score of s into p.
func (r *LogReg) logits(s Sparse, p []float64) {
	for c := range p {
		row := r.W[c*(r.N+1):][:r.N+1]
		v := row[r.N]
		for i, j := range s.Neuron {
			v += row[j] * s.Share[i]
		}
		p[c] = v
	}
}

// Predict is the readout's class for an example's spike counts.
func (r *LogReg) Predict(counts []int32) int {
	p := make([]float64, r.K)
	r.logits(SparseOf(counts), p)
	return floats.MaxIdx(p)
}
