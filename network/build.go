package network

import "fmt"

// Layer is one source of settings of a run, as JSON in the configuration's
// form: a -config file, a sweep's base or its run's parameters, the flags
// a user gave. Name says where it came from, for errors.
type Layer struct {
	Name string
	JSON []byte
}

// Build is the one way a new run's configuration is made: the defaults,
// then each layer over the one before (fields a layer names replace
// earlier ones; unknown fields are an error), then every setting that
// depends on the size resolved once for the final size from what the
// layers did not name (Settle), then the whole validated. A configuration
// saved from it reproduces the run: the resolved values are in it.
func Build(layers ...Layer) (*Config, error) {
	c := Default(400)
	for _, l := range layers {
		if len(l.JSON) == 0 {
			continue
		}
		if err := DecodeConfig(l.JSON, &c); err != nil {
			return nil, fmt.Errorf("%s: %w", l.Name, err)
		}
	}
	c.Settle()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}
