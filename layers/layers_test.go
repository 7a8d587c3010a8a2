package layers

import (
	"math"
	"testing"
)

const dt = 0.5

func excOne(v, ge, gi float32) (ExcParams, ExcState) {
	p := DefaultExc()
	s := NewExcState(p, 1)
	s.V[0], s.Ge[0], s.Gi[0] = v, ge, gi
	return p, s
}

func TestExcLeakMatchesEulerClosedForm(t *testing.T) {
	p, s := excOne(-105, 0, 0)
	k := p.Kernel(dt, false)
	for n := 1; n <= 2000; n++ {
		if sp := k.Integrate(&s, int64(n), nil, nil); len(sp) != 0 {
			t.Fatalf("step %d: a neuron at rest fired", n)
		}
		// Forward Euler on a linear leak: v_n = v_rest + (v_0 − v_rest)(1 − dt/τ)^n.
		want := p.VRest + (-105-p.VRest)*math.Pow(1-dt/p.Tau, float64(n))
		if got := float64(s.V[0]); math.Abs(got-want) > 1e-4 {
			t.Fatalf("step %d: v = %.6f mV, want %.6f", n, got, want)
		}
	}
}

func TestConductancesDecayByEulerFactors(t *testing.T) {
	p, s := excOne(-65, 8, 8)
	k := p.Kernel(dt, false)
	for n := 1; n <= 60; n++ {
		k.Integrate(&s, int64(n), nil, nil)
		wantE := 8 * math.Pow(1-dt/p.TauGe, float64(n)) // 0.5^n
		wantI := 8 * math.Pow(1-dt/p.TauGi, float64(n)) // 0.75^n
		if wantE < gFloor {
			wantE = 0
		}
		if math.Abs(float64(s.Ge[0])-wantE) > 1e-6*wantE || math.Abs(float64(s.Gi[0])-wantI) > 1e-5*wantI {
			t.Fatalf("step %d: g_e %g g_i %g, want %g %g", n, s.Ge[0], s.Gi[0], wantE, wantI)
		}
	}
}

func TestConductanceMovesVOneStepLater(t *testing.T) {
	// A kick to g_e is seen by the next Euler step through g_e·(E_exc − v).
	p, s := excOne(-65, 2, 0)
	k := p.Kernel(dt, false)
	k.Integrate(&s, 0, nil, nil)
	want := -65 + dt/p.Tau*(2*(p.EExc+65))
	if math.Abs(float64(s.V[0])-want) > 1e-5 {
		t.Fatalf("v = %v, want %v", s.V[0], want)
	}
}

func TestExcThresholdIncludesTheta(t *testing.T) {
	// θ = 20 mV and offset 20 mV: the threshold is −52 mV, tested after the step.
	for _, c := range []struct {
		v0    float32
		theta float64
		fire  bool
	}{
		{-51.9, 20, true},  // −51.9655 after the leak step: above −52
		{-52.1, 20, false}, // −52.1345: below
		{-50, 25, false},   // θ 25: threshold −47
		{-46.9, 25, true},
	} {
		p, s := excOne(c.v0, 0, 0)
		s.Theta[0] = c.theta
		k := p.Kernel(dt, false)
		if fired := len(k.Integrate(&s, 100, nil, nil)) == 1; fired != c.fire {
			t.Errorf("v0 %v θ %v: fired %v, want %v", c.v0, c.theta, fired, c.fire)
		}
	}
}

func TestExcRefractoryBlocksSpikesButNotIntegration(t *testing.T) {
	p, s := excOne(-65, 0, 0)
	k := p.Kernel(dt, false)
	k.Reset(&s, 0, []int32{0}) // fired at step 0
	for n := int64(1); n <= 10; n++ {
		s.Ge[0] = 50 // strong drive: v far above threshold
		before := s.V[0]
		fired := len(k.Integrate(&s, n, nil, nil)) == 1
		if s.V[0] == before {
			t.Fatalf("step %d: v held at %v during the refractory period", n, before)
		}
		// Brian 1: next spike allowed once t ≥ t_spike + 5 ms − dt/2, i.e. at step 10.
		if fired != (n == 10) {
			t.Fatalf("step %d: fired %v", n, fired)
		}
	}
}

func TestThetaLearningAndFrozen(t *testing.T) {
	p, s := excOne(-65, 0, 0)
	k := p.Kernel(dt, true)
	for n := int64(0); n < 1000; n++ {
		k.Integrate(&s, n, nil, nil)
	}
	want := 20 * math.Pow(1-dt/p.TauTheta, 1000)
	if math.Abs(s.Theta[0]-want) > 1e-12 {
		t.Fatalf("θ after 1000 steps = %.15f, want %.15f", s.Theta[0], want)
	}
	k.Reset(&s, 1000, []int32{0})
	if math.Abs(s.Theta[0]-(want+0.05)) > 1e-12 {
		t.Fatalf("θ after a spike = %v, want %v", s.Theta[0], want+0.05)
	}
	if s.V[0] != -65 {
		t.Fatalf("v after reset = %v", s.V[0])
	}
	frozen := p.Kernel(dt, false)
	th := s.Theta[0]
	frozen.Integrate(&s, 1001, nil, nil)
	frozen.Reset(&s, 1001, []int32{0})
	if s.Theta[0] != th {
		t.Fatalf("frozen θ changed from %v to %v", th, s.Theta[0])
	}
}

func TestInhibitoryClampAndRefractory(t *testing.T) {
	p := DefaultInh()
	s := NewInhState(p, 1)
	k := p.Kernel(dt)
	s.V[0] = -30 // above threshold: fires at step 0
	if sp := k.Integrate(&s, 0, nil); len(sp) != 1 {
		t.Fatal("no spike above threshold")
	}
	k.Reset(&s, 0, []int32{0})
	for n := int64(1); n <= 6; n++ {
		s.Ge[0] = 20 // drive far above threshold every step
		fired := len(k.Integrate(&s, n, nil)) == 1
		if fired {
			k.Reset(&s, n, []int32{0})
		}
		// Blocked until t_spike + 2 ms − dt/2: the first allowed step is 4.
		if want := n == 4; fired != want {
			t.Fatalf("step %d: fired %v, want %v", n, fired, want)
		}
		if n < 4 && s.V[0] != -45 {
			t.Fatalf("step %d: v = %v, want clamped at −45", n, s.V[0])
		}
	}
}

func TestRefractorySteps(t *testing.T) {
	for _, c := range []struct {
		period, dt float64
		want       int64
	}{{5, 0.5, 10}, {2, 0.5, 4}, {5, 0.1, 50}, {2, 1, 2}, {0, 0.5, 0}} {
		if got := refractorySteps(c.period, c.dt); got != c.want {
			t.Errorf("refractorySteps(%v, %v) = %d, want %d", c.period, c.dt, got, c.want)
		}
	}
}

func TestStrongInhibitionNeverOvershootsEquilibrium(t *testing.T) {
	// 30 inhibitory spikes in one step: g_i = 510, dt·(1+g)/τ = 2.56. Forward
	// Euler would put v at −60 + 2.56·(−99.9 + 60) ≈ −162 mV; the step must
	// instead relax v towards its equilibrium without passing it.
	p, s := excOne(-60, 0.3, 510)
	k := p.Kernel(dt, false)
	k.Integrate(&s, 0, nil, nil)
	vInf := (p.VRest + 0.3*p.EExc + 510*p.EInh) / (1 + 0.3 + 510)
	want := vInf + (-60-vInf)*math.Exp(-dt/p.Tau*(1+0.3+510))
	if got := float64(s.V[0]); math.Abs(got-want) > 1e-4 || got < vInf {
		t.Fatalf("v = %v, want %v (equilibrium %v)", got, want, vInf)
	}
	// Below the switch the step is plain Euler.
	p, s = excOne(-60, 0.3, 150)
	k.Integrate(&s, 0, nil, nil)
	euler := -60 + dt/p.Tau*((p.VRest+60)+0.3*(p.EExc+60)+150*(p.EInh+60))
	if math.Abs(float64(s.V[0])-euler) > 1e-4 {
		t.Fatalf("v = %v, want the Euler step %v", s.V[0], euler)
	}
}

// TestInhDetachedMatchesView steps a detached view of inhibitory neurons
// beside a plain view of a copy of the same population, kicked alike, and
// requires the same spikes, the population untouched until Store, and the
// same state after it.
func TestInhDetachedMatchesView(t *testing.T) {
	p := DefaultInh()
	k := p.Kernel(dt)
	const n, lo = 75, 32
	a, b := NewInhState(p, n), NewInhState(p, n)
	for j := range n {
		v := float32(-60 + j%17)
		a.V[j], b.V[j] = v, v
	}
	view, det := a.View(lo, n), b.Detach(lo, n)
	before := append([]float32(nil), b.V...)
	spikes := 0
	for step := int64(0); step < 40; step++ {
		if step%3 == 0 { // kick a few neurons, as their partners would
			for j := int32(step % 7); j < n-lo; j += 9 {
				view.Kick(j, 10.4)
				det.Kick(j, 10.4)
			}
		}
		sa, sb := k.Integrate(&view, step, nil), k.Integrate(&det, step, nil)
		if len(sa) != len(sb) {
			t.Fatalf("step %d: spikes %v detached, %v in a view", step, sb, sa)
		}
		for i := range sa {
			if sa[i] != sb[i] {
				t.Fatalf("step %d: spikes %v detached, %v in a view", step, sb, sa)
			}
		}
		k.Reset(&view, step, sa)
		k.Reset(&det, step, sb)
		spikes += len(sa)
	}
	if spikes == 0 {
		t.Fatal("no neuron fired: the reset went untested")
	}
	for j := range before {
		if math.Float32bits(b.V[j]) != math.Float32bits(before[j]) || b.LastSpike[j] != NoSpike {
			t.Fatalf("the detached view wrote neuron %d before Store", j)
		}
	}
	det.Store(&b, lo)
	for j := range a.V {
		if math.Float32bits(a.V[j]) != math.Float32bits(b.V[j]) || math.Float32bits(a.Ge[j]) != math.Float32bits(b.Ge[j]) || a.LastSpike[j] != b.LastSpike[j] {
			t.Fatalf("neuron %d differs after Store", j)
		}
	}
	det.V[0], det.LastSpike[0] = 1, 1
	det.Load(&b, lo)
	if det.V[0] != b.V[lo] || det.LastSpike[0] != b.LastSpike[lo] {
		t.Fatal("Load did not restore the detached view from the population")
	}
}
