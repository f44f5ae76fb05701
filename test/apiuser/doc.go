// Package apiuser is a module of its own that uses envcontract's public Go
// API the way a controller's unit tests would: through
// github.com/openova/envcontract/pkg/envcontract and pkg/envcontracttest
// only, with a replace directive to this checkout. It proves the API builds
// and works from outside the module (internal/ is out of its reach).
// `make test` runs its tests.
package apiuser
