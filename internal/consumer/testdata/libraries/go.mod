module example.com/libraries

go 1.26

// None of these is in any module cache: extract never downloads, and
// recognises them by import path.
require (
	github.com/caarlos0/env/v11 v11.3.1
	github.com/kelseyhightower/envconfig v1.4.0
	github.com/sethvargo/go-envconfig v1.1.0
	github.com/spf13/viper v1.20.0
)
