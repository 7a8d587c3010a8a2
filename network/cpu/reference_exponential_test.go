package cpu

import (
	"math"

	"spikemnist/learning"
	"spikemnist/network"
)

// refExponential is the paper's Eq. 4 for one synapse, on postsynaptic
// spikes only.
type refExponential struct {
	p   *learning.Exponential
	pre learning.Trace
}

func init() {
	refRules["exponential"] = func(cfg *network.Config, n int) refRule {
		p := cfg.Plasticity.Params.(*learning.Exponential)
		return refExponential{p, learning.NewTrace(p.TauPre, cfg.Dt)}
	}
}

func (r refExponential) preTrace() (learning.Trace, bool) {
	return r.pre, r.p.PreTrace == learning.TraceAdd
}
func (r refExponential) actsOnArrival() bool { return false }
func (r refExponential) arrive(*float32, int, int64, int64) {
	panic("the exponential rule does not act on arrivals")
}
func (r refExponential) fire(w *float32, pre float32, t, last int64) {
	v, b := float64(*w), r.p.Beta
	*w = refClip(v+r.p.Eta*(float64(pre)*math.Exp(-b*v)-r.p.XTar*math.Exp(-b*(r.p.WMax-v))), r.p.WMax)
}
func (r refExponential) fired(int, int64, int64) {}
