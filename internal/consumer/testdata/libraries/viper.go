package main

import "github.com/spf13/viper"

func viperConfig() {
	viper.SetEnvPrefix("svc")
	viper.AutomaticEnv()
	_ = viper.BindEnv("timeout")
	_ = viper.BindEnv("db.url", "DATABASE_URL")
	v := viper.New()
	_ = v.BindEnv("cache", "CACHE_URL")
}
