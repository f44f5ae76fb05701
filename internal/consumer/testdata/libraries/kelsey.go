package main

import "github.com/kelseyhightower/envconfig"

// Spec is read by kelseyhightower/envconfig with the prefix myapp.
type Spec struct {
	Debug         bool
	MaxRetryCount int    `split_words:"true" default:"3"`
	APIKey        string `envconfig:"API_KEY" required:"true"`
	Server        struct{ Host string }
	Embedded
	Skipped string `ignored:"true"`
	hidden  string
}

// Embedded fields take the outer prefix.
type Embedded struct{ Zone string }

func kelsey() Spec {
	var s Spec
	envconfig.MustProcess("myapp", &s)
	return s
}
