package main

import (
	"os"
	env "os"
)

const addr = "${APP_HOST}:$APP_PORT"

func lookup(k string) string { return k }

func dynamic() string { return "$HIDDEN" }

func main() {
	_ = os.ExpandEnv("$APP_USER@${APP_HOST}")
	_ = os.ExpandEnv(addr + "/$APP_PATH")
	_ = env.Expand("${APP_MODE}", env.Getenv)
	_ = os.Expand("$APP_PAREN", (os.Getenv))
	_ = os.Expand("$NOT_READ", lookup)
	_ = os.Expand("$NOT_READ_EITHER", func(k string) string { return k })
	_ = os.ExpandEnv("no names: ${}, $, $-x costs $5")
	_ = os.ExpandEnv(dynamic())
	s := dynamic()
	_ = os.Expand(s, os.Getenv)
	get := os.Getenv
	_ = os.Expand("$VIA_LOCAL", get)
	set := os.Getenv
	set = lookup
	_ = os.Expand("$NOT_VIA_REASSIGNED", set)
	expand := os.ExpandEnv
	_ = expand("$HIDDEN_TOO")
}
