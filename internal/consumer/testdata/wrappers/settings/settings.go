// Package settings holds wrappers that a main package in another directory
// calls. Line numbers are asserted by tests.
package settings

import (
	"log"
	"os"
)

// App reads APP_<key>.
func App(key string) string { return os.Getenv("APP_" + key) }

// MustApp reads APP_<key> through App and stops the program without it.
func MustApp(key string) string {
	v := App(key)
	if v == "" {
		panic("APP_" + key + " is not set")
	}
	return v
}

// Need stops the program through log.Fatalf when name is unset.
func Need(name string) string {
	v, ok := os.LookupEnv(name)
	if !ok {
		log.Fatalf("%s is not set", name)
	}
	return v
}

// Reader reads names through methods.
type Reader struct{ Trace bool }

// Either reads primary, or else secondary: two env parameters.
func (r *Reader) Either(primary, secondary string) string {
	if v := os.Getenv(primary); v != "" {
		return v
	}
	return os.Getenv(secondary)
}

// Or reads key through a value receiver, with a fallback.
func (r Reader) Or(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
