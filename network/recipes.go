package network

// The size recipes: what Default gives a network of n neurons where the
// original's one recipe (set for 400 neurons) stops working, each chosen
// by measurement (README, "Accuracy"): the order of the digits, how the
// weights start, and how θ's constants scale with n. At 400 neurons every
// one is the original's, bit for bit.

// DefaultOrder is the order Default gives n neurons, chosen by measurement
// (README, "The order of the digits"): below 400 neurons the first epoch
// fixed, then shuffled (fixed is 0.4–0.6 points better at the paper's
// 40,000 examples, shuffled 4 to 5 points better at every epoch's end); at
// 400 the original's fixed order, bit for bit, and up to DataStartFrom
// too (measured with the fixed order only); from DataStartFrom on
// shuffled, whose one epoch ends 0.7 points higher there.
func DefaultOrder(n int) string {
	switch {
	case n < 400:
		return OrderFixedThenShuffled
	case n < DataStartFrom:
		return OrderFixed
	}
	return OrderShuffled
}

// DataStartFrom is the smallest network DefaultWeightStart starts from
// data, that DefaultOrder shuffles, and that DefaultThetaScaling gives
// the large regime of θ. Measured after one epoch (docs/accuracy.md): at
// 6400 neurons the data start wins by 16 points (a random start leaves
// most fields unlearned); at 3200, on 10,000 held-out training digits
// after 50,000 examples (examples/sweeps/recipe-3200.json), the random
// start in the fixed order scored 92.26 / 92.60 %, the data start shuffled
// 94.22 / 94.44 %, and with the large regime of θ too 94.28 / 94.71 %; at
// 1600 the data start leads early (90.0 against 80.3 % after 20,000
// examples) but the random start wins after the epoch (93.44 against
// 92.35 %), and it keeps 400 neurons the original's bit for bit.
const DataStartFrom = 3200

// DefaultWeightStart is the start Default gives n neurons: random below
// DataStartFrom, data from it on.
func DefaultWeightStart(n int) WeightStart {
	if n >= DataStartFrom {
		return WeightStart{Kind: StartData}
	}
	return WeightStart{Kind: StartRandom}
}

// DefaultThetaScaling is the rule Default uses: the original's constants
// at 400 neurons, and exponents chosen by measurement (see the README).
// Below 400 neurons τ_θ shrinks with N and θ+ keeps the original's value:
// giving θ+ the factor instead learns slightly better over an epoch but
// leaves short runs (a few thousand examples) too little homeostasis to
// share the digits among the neurons. From DataStartFrom neurons on τ_θ
// grows faster (f^0.75 against f^0.25): there each neuron wins so rarely
// that θ must remember its wins for most of an epoch to share the digits.
func DefaultThetaScaling() ThetaScaling {
	return ThetaScaling{
		Rule: ThetaBySize, Reference: 400, RefThetaPlus: 0.05, RefTauTheta: 1e7,
		PlusExponent: 0.25, TauExponent: 0.25, PlusExponentBelow: 0, TauExponentBelow: 1,
		LargeFrom: DataStartFrom, PlusExponentLarge: 0.25, TauExponentLarge: 0.75,
	}
}
