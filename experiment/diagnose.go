package experiment

import (
	"fmt"

	"spikemnist/network"
)

// runningGap is how many points the test accuracy may fall below the
// running accuracy at the end of training before Diagnose warns. The
// running estimate labels neurons from only the previous window of a
// still-learning network and is usually the lower of the two.
const runningGap = 10

// Diagnose fills the report's threshold diagnostics and returns one line
// for each sign that the evaluation does not measure what was learned.
// train may be nil.
func Diagnose(rep *Report, cfg *network.Config, theta []float64, train *Summary) []string {
	th := cfg.ThetaStats(theta)
	rep.Theta = th
	var warn []string
	if th.AtRest > 0 {
		cause := "the θ constants do not suit this size: train with theta_scaling rule \"size\" (the default)"
		if cfg.ThetaScaling.Rule == network.ThetaBySize {
			cause = fmt.Sprintf("θ+ %.4g mV and τ_θ %.4g ms let θ fall too low for this size", cfg.Exc.ThetaPlus, cfg.Exc.TauTheta)
		}
		warn = append(warn, fmt.Sprintf("%d of %d neurons have a threshold at or below the resting potential (θ ≤ %.4g mV): with θ frozen they fire with no input and their labels follow that noise; %s",
			th.AtRest, len(theta), th.RestTheta, cause))
	}
	if train != nil && len(train.Running) > 0 {
		last := train.Running[len(train.Running)-1].Accuracy
		rep.FinalRunning = &last
		if acc := rep.Scores[0].Accuracy; acc < last-runningGap {
			cause := "the thresholds θ, frozen now, no longer balance the neurons as they did while learning"
			if th.AtRest > 0 {
				cause = "neurons that fire with no input (above)"
			}
			warn = append(warn, fmt.Sprintf("test accuracy %.2f %% is %.1f points below the running accuracy at the end of training (%.2f %%); likely cause: %s",
				acc, last-acc, last, cause))
		}
	}
	rep.Warnings = warn
	return warn
}
