package cpu

import (
	"math"

	"spikemnist/learning"
	"spikemnist/network"
)

// refPrePost is the paper's Eqs. 5–6 for one synapse: depression at every
// arrival by the postsynaptic trace, the power-law term at every
// postsynaptic spike. Each neuron keeps its post trace's value just after
// its last spike.
type refPrePost struct {
	p         *learning.PrePost
	pre, post learning.Trace
	xPost     []float32
}

func init() {
	refRules["pre-post"] = func(cfg *network.Config, n int) refRule {
		p := cfg.Plasticity.Params.(*learning.PrePost)
		return &refPrePost{p, learning.NewTrace(p.TauPre, cfg.Dt), learning.NewTrace(p.TauPost, cfg.Dt), make([]float32, n)}
	}
}

func (r *refPrePost) preTrace() (learning.Trace, bool) {
	return r.pre, r.p.PreTrace == learning.TraceAdd
}
func (r *refPrePost) actsOnArrival() bool { return true }
func (r *refPrePost) arrive(w *float32, j int, t, last int64) {
	x := r.xPost[j] * r.post.At(t-last)
	*w = refClip(float64(*w)-r.p.EtaPre*float64(x)*math.Pow(float64(*w), r.p.Mu), r.p.WMax)
}
func (r *refPrePost) fire(w *float32, pre float32, t, last int64) {
	*w = refClip(float64(*w)+r.p.EtaPost*(float64(pre)-r.p.XTar)*math.Pow(max(r.p.WMax-float64(*w), 0), r.p.Mu), r.p.WMax)
}
func (r *refPrePost) fired(j int, t, last int64) {
	r.xPost[j] = learning.Accumulate(r.xPost[j], r.post.At(t-last))
}
