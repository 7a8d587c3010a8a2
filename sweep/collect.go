package sweep

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"spikemnist/experiment"
	"spikemnist/internal/atomicfile"
	"spikemnist/results"
	"spikemnist/visual"
)

// Row is one run in the collected table.
type Row struct {
	Index  int               `json:"index"`
	Name   string            `json:"name"`
	Params map[string]string `json:"params"`
	State  State             `json:"state"`
	// Filled for finished runs only:
	Neurons           int     `json:"neurons,omitempty"`
	Rule              string  `json:"rule,omitempty"`
	Seed              uint64  `json:"seed,omitempty"`
	Examples          int64   `json:"examples_trained,omitempty"`
	AllActivity       float64 `json:"accuracy_all_activity_percent,omitempty"` // mean over the test presentations
	Proportion        float64 `json:"accuracy_proportion_percent,omitempty"`
	Presentations     int     `json:"test_presentations,omitempty"`
	TrainSeconds      float64 `json:"train_seconds,omitempty"`
	ExamplesPerSecond float64 `json:"train_examples_per_second,omitempty"`
}

// Group is the runs that differ only in their seed.
type Group struct {
	Params         map[string]string `json:"params"` // the shared parameters
	Neurons        int               `json:"neurons"`
	Rule           string            `json:"rule"`
	Runs           int               `json:"runs"`
	Seeds          []uint64          `json:"seeds"`
	AllActivity    Spread            `json:"accuracy_all_activity_percent"`
	Proportion     Spread            `json:"accuracy_proportion_percent"`
	MeanTrainSecs  float64           `json:"mean_train_seconds"`
	MeanExamplesPS float64           `json:"mean_train_examples_per_second"`
}

// Spread is a mean and sample standard deviation over seeds.
type Spread struct {
	Mean float64 `json:"mean"`
	SD   float64 `json:"sd"` // 0 for one run
}

// Table is a sweep's collected results.
type Table struct {
	Params []string `json:"varying_params"` // in the sweep's order
	Rows   []Row    `json:"runs"`
	Groups []Group  `json:"over_seeds,omitempty"` // when the seed varies
}

// Collect reads every run's results. Runs that are not done appear with
// their state and no figures.
func Collect(d *Dir) *Table {
	t := &Table{}
	for _, r := range d.Runs {
		for _, p := range r.Params {
			if !slices.Contains(t.Params, p.Name) {
				t.Params = append(t.Params, p.Name)
			}
		}
	}
	for i := range d.Runs {
		r := &d.Runs[i]
		st := RunState(d, r)
		row := Row{Index: r.Index, Name: r.Name, Params: map[string]string{}, State: st.State}
		for _, p := range r.Params {
			row.Params[p.Name] = valueText(p.Value)
		}
		for _, p := range t.Params {
			if _, ok := row.Params[p]; !ok {
				row.Params[p] = d.effective(r, p) // a parameter other runs set: its value here
			}
		}
		if st.State == Done {
			f := d.Folder(r)
			rep, err1 := experiment.ReadReport(f.Eval())
			sum, err2 := experiment.ReadSummary(f.Summary())
			if err1 == nil && err2 == nil && rep.Config != nil {
				row.Neurons, row.Rule, row.Seed = rep.Neurons, rep.Config.Plasticity.Rule(), rep.Seed
				row.Examples = rep.ExamplesSeen
				row.Presentations = rep.Repeats
				row.AllActivity, row.Proportion = rep.Spread[0].Mean, rep.Spread[1].Mean
				row.TrainSeconds, row.ExamplesPerSecond = sum.Seconds, sum.ExamplesPerSecond
			} else {
				row.State = Failed
			}
		}
		t.Rows = append(t.Rows, row)
	}
	if slices.Contains(t.Params, "seed") {
		t.Groups = groupOverSeeds(t)
	}
	return t
}

// effective is the value parameter name has in run r that does not set it:
// its configuration's, or the examples it trains on per epoch.
func (d *Dir) effective(r *Run, name string) string {
	cfg, examples, err := d.Spec.Config(r)
	if err != nil {
		return ""
	}
	switch name {
	case "examples":
		if examples == 0 {
			return "60000"
		}
		return strconv.Itoa(examples)
	case "rule":
		return cfg.Plasticity.Rule()
	}
	b, _ := json.Marshal(cfg)
	var v any
	json.Unmarshal(b, &v)
	for _, k := range strings.Split(name, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[k]
	}
	if v == nil {
		return ""
	}
	out, _ := json.Marshal(v)
	return valueText(out)
}

// groupOverSeeds aggregates the finished runs that differ only in "seed".
func groupOverSeeds(t *Table) []Group {
	var groups []Group
	keyOf := func(r *Row) string {
		var k []string
		for _, p := range t.Params {
			if p != "seed" {
				k = append(k, p+"="+r.Params[p])
			}
		}
		return strings.Join(k, ",")
	}
	index := map[string]int{}
	members := map[string][]*Row{}
	for i := range t.Rows {
		r := &t.Rows[i]
		if r.State != Done {
			continue
		}
		k := keyOf(r)
		if _, ok := index[k]; !ok {
			index[k] = len(groups)
			ps := map[string]string{}
			for n, v := range r.Params {
				if n != "seed" {
					ps[n] = v
				}
			}
			groups = append(groups, Group{Params: ps, Neurons: r.Neurons, Rule: r.Rule})
		}
		members[k] = append(members[k], r)
	}
	for k, i := range index {
		rs := members[k]
		g := &groups[i]
		var aa, pr, secs, eps []float64
		for _, r := range rs {
			g.Seeds = append(g.Seeds, r.Seed)
			aa, pr = append(aa, r.AllActivity), append(pr, r.Proportion)
			secs, eps = append(secs, r.TrainSeconds), append(eps, r.ExamplesPerSecond)
		}
		g.Runs = len(rs)
		g.AllActivity, g.Proportion = spread(aa), spread(pr)
		g.MeanTrainSecs, g.MeanExamplesPS = spread(secs).Mean, spread(eps).Mean
	}
	return groups
}

// spread is results' mean and sample sd, as a Group reports them.
func spread(x []float64) Spread {
	s := results.NewSpread("", x)
	return Spread{Mean: s.Mean, SD: s.SD}
}

// Markdown writes the table of runs and, when the seed varies, the table
// over seeds.
func (t *Table) Markdown(w io.Writer) {
	head := append(slices.Clone(t.Params), "state", "all-activity %", "proportion %", "train s", "examples/s")
	fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(head, " | "), strings.Repeat(" --- |", len(head)))
	for _, r := range t.Rows {
		var cells []string
		for _, p := range t.Params {
			cells = append(cells, r.Params[p])
		}
		cells = append(cells, string(r.State))
		if r.State == Done {
			cells = append(cells, fmt.Sprintf("%.2f", r.AllActivity), fmt.Sprintf("%.2f", r.Proportion),
				fmt.Sprintf("%.1f", r.TrainSeconds), fmt.Sprintf("%.1f", r.ExamplesPerSecond))
		} else {
			cells = append(cells, "", "", "", "")
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
	}
	if len(t.Groups) == 0 {
		return
	}
	var ps []string
	for _, p := range t.Params {
		if p != "seed" {
			ps = append(ps, p)
		}
	}
	head = append(slices.Clone(ps), "seeds", "all-activity % (mean ± sd)", "proportion % (mean ± sd)", "train s (mean)")
	fmt.Fprintf(w, "\n| %s |\n|%s\n", strings.Join(head, " | "), strings.Repeat(" --- |", len(head)))
	for _, g := range t.Groups {
		var cells []string
		for _, p := range ps {
			cells = append(cells, g.Params[p])
		}
		cells = append(cells, fmt.Sprint(g.Runs), fmt.Sprintf("%.2f ± %.2f", g.AllActivity.Mean, g.AllActivity.SD),
			fmt.Sprintf("%.2f ± %.2f", g.Proportion.Mean, g.Proportion.SD), fmt.Sprintf("%.1f", g.MeanTrainSecs))
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
	}
}

// CSV writes one line per run.
func (t *Table) CSV(w io.Writer) error {
	c := csv.NewWriter(w)
	head := append([]string{"index", "name"}, t.Params...)
	head = append(head, "state", "neurons", "rule", "seed", "examples_trained", "test_presentations",
		"accuracy_all_activity_percent", "accuracy_proportion_percent", "train_seconds", "train_examples_per_second")
	c.Write(head)
	for _, r := range t.Rows {
		rec := []string{strconv.Itoa(r.Index), r.Name}
		for _, p := range t.Params {
			rec = append(rec, r.Params[p])
		}
		rec = append(rec, string(r.State))
		if r.State == Done {
			rec = append(rec, strconv.Itoa(r.Neurons), r.Rule, strconv.FormatUint(r.Seed, 10), strconv.FormatInt(r.Examples, 10),
				strconv.Itoa(r.Presentations), f64(r.AllActivity), f64(r.Proportion), f64(r.TrainSeconds), f64(r.ExamplesPerSecond))
		} else {
			rec = append(rec, "", "", "", "", "", "", "", "", "")
		}
		c.Write(rec)
	}
	c.Flush()
	return c.Error()
}

func f64(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// Chart draws accuracy (all-activity vote) against N, one line per setting
// other than the size, the seed and the amount of training (the amount too
// where one size is trained for several), beside the paper's four points.
func (t *Table) Chart(png, svg io.Writer) error {
	lines := map[string]map[int][]float64{}
	var order []string
	type setting struct {
		label   string
		neurons int
	}
	amounts := map[setting]map[int64]bool{} // examples trained by each setting at each size
	for _, r := range t.Rows {
		if r.State != Done {
			continue
		}
		k := setting{t.settingLabel(r), r.Neurons}
		if amounts[k] == nil {
			amounts[k] = map[int64]bool{}
		}
		amounts[k][r.Examples] = true
	}
	byAmount := false
	for _, a := range amounts {
		byAmount = byAmount || len(a) > 1
	}
	for _, r := range t.Rows {
		if r.State != Done {
			continue
		}
		label := t.settingLabel(r)
		if byAmount {
			label = strings.TrimPrefix(label+fmt.Sprintf(", %d examples", r.Examples), ", ")
		}
		if lines[label] == nil {
			lines[label] = map[int][]float64{}
			order = append(order, label)
		}
		lines[label][r.Neurons] = append(lines[label][r.Neurons], r.AllActivity)
	}
	var out []visual.SizeLine
	for _, label := range order {
		l := visual.SizeLine{Label: label}
		for n, acc := range lines[label] {
			s := spread(acc)
			l.Points = append(l.Points, visual.SizePoint{Neurons: n, Mean: s.Mean, SD: s.SD, Runs: len(acc)})
		}
		out = append(out, l)
	}
	out = append(out, visual.SizeLine{Label: "Diehl & Cook 2015 (power-law; 40,000 examples, 3, 7, 15 epochs)", Points: visual.PaperAccuracy})
	return visual.AccuracyBySize(png, svg, "Test accuracy against network size (all-activity vote; bars: ±1 sd over seeds)", out)
}

// settingLabel names what sets a finished run apart besides its size, seed
// and amount of training.
func (t *Table) settingLabel(r Row) string {
	var parts []string
	for _, p := range t.Params {
		switch p {
		case "neurons", "seed", "examples", "epochs":
			continue
		case "rule", "plasticity.rule":
			parts = append(parts, r.Params[p])
		default:
			parts = append(parts, p+"="+r.Params[p])
		}
	}
	if label := strings.Join(parts, ", "); label != "" {
		return label
	}
	return r.Rule
}

// Write saves the table as results.md, results.csv and results.json, and
// the chart as accuracy.png and accuracy.svg, in the sweep folder. It
// returns the files written.
func (t *Table) Write(d *Dir) ([]string, error) {
	var md, cs bytes.Buffer
	t.Markdown(&md)
	if err := t.CSV(&cs); err != nil {
		return nil, err
	}
	js, _ := json.MarshalIndent(t, "", "  ")
	files := map[string][]byte{"results.md": md.Bytes(), "results.csv": cs.Bytes(), "results.json": append(js, '\n')}
	var png, svg bytes.Buffer
	if err := t.Chart(&png, &svg); err == nil {
		files["accuracy.png"], files["accuracy.svg"] = png.Bytes(), svg.Bytes()
	}
	var wrote []string
	for _, name := range []string{"results.md", "results.csv", "results.json", "accuracy.png", "accuracy.svg"} {
		b, ok := files[name]
		if !ok {
			continue
		}
		if err := atomicfile.WriteBytes(d.File(name), b); err != nil {
			return wrote, err
		}
		wrote = append(wrote, d.File(name))
	}
	return wrote, nil
}
