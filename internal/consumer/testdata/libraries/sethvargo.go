package main

import (
	"context"

	"github.com/sethvargo/go-envconfig"
)

// Service is read by sethvargo/go-envconfig.
type Service struct {
	Port   int    `env:"SVC_PORT,default=9090"`
	Secret string `env:"SVC_SECRET,required"`
	Hosts  string `env:"SVC_HOSTS,default=a,b"`
	Store  *Store `env:",prefix=STORE_"`
}

// Store is nested under STORE_.
type Store struct {
	Addr string `env:"ADDR"`
}

func sethvargo(ctx context.Context) *Service {
	s := new(Service)
	_ = envconfig.Process(ctx, s)
	return s
}
