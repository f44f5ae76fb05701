package main

import "github.com/caarlos0/env/v11"

// Config is read by caarlos0/env with the prefix APP_.
type Config struct {
	Port     int      `env:"PORT" envDefault:"8080"`
	Token    string   `env:"TOKEN,required"`
	Name     string   `env:"NAME,notEmpty"`
	DB       DBConfig `envPrefix:"DB_"`
	Untagged string
	Skipped  string `env:"-"`
}

// DBConfig is nested under DB_.
type DBConfig struct {
	URL string `env:"URL" envDefault:"postgres://localhost/app"`
}

func caarlos() Config {
	var cfg Config
	_ = env.ParseWithOptions(&cfg, env.Options{Prefix: "APP_"})
	return cfg
}
