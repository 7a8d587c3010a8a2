package learning

// PowerLaw is the paper's headline rule (its Eq. 3): weights change only
// when their neuron fires,
//
//	Δw_ij = Eta·(x_pre,ij − XTar)·(WMax − w_ij)^Mu
//
// so inputs whose trace is below XTar at a postsynaptic spike lose weight,
// and the factor (WMax − w)^Mu slows growth near WMax. Times in ms, weights
// unitless; weights stay in [0, WMax].
type PowerLaw struct {
	Presynaptic
	Eta  float64 `json:"eta"`   // learning rate
	XTar float64 `json:"x_tar"` // target presynaptic trace at a postsynaptic spike
	Mu   float64 `json:"mu"`    // weight-dependence exponent
}

// DefaultPowerLaw returns the constants the original code defines but does
// not use: η = ν_post = 1e-2, x_tar = 0.4, μ = 0.2; normalised, which
// measured better (see the README).
func DefaultPowerLaw() *PowerLaw {
	return &PowerLaw{Presynaptic: paperPresynaptic(), Eta: 1e-2, XTar: 0.4, Mu: 0.2}
}

func init() { Register(func() Params { return DefaultPowerLaw() }) }

func (p *PowerLaw) Name() string { return "power-law" }

func (p *PowerLaw) Validate() error {
	if err := p.validate(); err != nil {
		return err
	}
	return nonNegative("eta", p.Eta, "x_tar", p.XTar, "mu", p.Mu)
}

func (p *PowerLaw) Compile(dt float64, n int) Rule {
	return &powerLawRule{presynaptic: p.compile(dt, p.Mu), eta: p.Eta, xTar: p.XTar, mu: p.Mu}
}

type powerLawRule struct {
	presynaptic
	spikeOnly
	stateless
	eta, xTar, mu float64
}

func (r *powerLawRule) Fire(w []float32, n int, j int32, t, last int64, pre []float32) {
	wmax := float32(r.wMax)
	for i, x := range pre {
		k := i*n + int(j)
		d := r.eta * (float64(x) - r.xTar) * r.dependence(float64(w[k]), r.mu)
		w[k] = clip(float32(float64(w[k])+d), 0, wmax)
	}
}

func (p *PowerLaw) WithRates(f float64) Params {
	q := *p
	q.Eta = p.Eta * f
	return &q
}
