package cpu

import (
	"math"

	"spikemnist/learning"
	"spikemnist/network"
)

// refPowerLaw is the paper's Eq. 3 for one synapse, on postsynaptic spikes
// only.
type refPowerLaw struct {
	p   *learning.PowerLaw
	pre learning.Trace
}

func init() {
	refRules["power-law"] = func(cfg *network.Config, n int) refRule {
		p := cfg.Plasticity.Params.(*learning.PowerLaw)
		return refPowerLaw{p, learning.NewTrace(p.TauPre, cfg.Dt)}
	}
}

func (r refPowerLaw) preTrace() (learning.Trace, bool) {
	return r.pre, r.p.PreTrace == learning.TraceAdd
}
func (r refPowerLaw) actsOnArrival() bool { return false }
func (r refPowerLaw) arrive(*float32, int, int64, int64) {
	panic("the power-law rule does not act on arrivals")
}
func (r refPowerLaw) fire(w *float32, pre float32, t, last int64) {
	*w = refClip(float64(*w)+r.p.Eta*(float64(pre)-r.p.XTar)*math.Pow(max(r.p.WMax-float64(*w), 0), r.p.Mu), r.p.WMax)
}
func (r refPowerLaw) fired(int, int64, int64) {}

// refClip rounds w to float32 and bounds it to [0, wmax].
func refClip(w, wmax float64) float32 {
	return min(max(float32(w), 0), float32(wmax))
}
