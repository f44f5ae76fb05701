package valueschema_test

import (
	"fmt"

	"github.com/openova/envcontract/internal/values"
	"github.com/openova/envcontract/internal/valueschema"
)

func ExampleCheck() {
	l, err := values.LoadWithOrigins(values.Options{Values: []string{"enabled=1"}})
	if err != nil {
		panic(err)
	}
	s, err := valueschema.Builtin(nil)
	if err != nil {
		panic(err)
	}
	fs, err := valueschema.Check(l, s)
	if err != nil {
		panic(err)
	}
	for _, f := range fs {
		fmt.Println(f.Line())
	}
	// Output:
	// --set: /enabled: got number, want boolean
}
