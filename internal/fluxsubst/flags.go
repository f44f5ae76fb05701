package fluxsubst

import "github.com/spf13/pflag"

// AddFlags registers the substitution flags (--kustomization, --vars-file,
// --var, --strict) on fs, for every command that substitutes as Flux does.
func AddFlags(fs *pflag.FlagSet, s *Sources) {
	fs.StringVar(&s.Kustomization, "kustomization", "", "Flux Kustomization whose spec.postBuild.substitute supplies variables")
	fs.StringArrayVar(&s.VarsFiles, "vars-file", nil, "substitution variables: a YAML map, a ConfigMap or a Secret (repeatable)")
	fs.StringArrayVar(&s.Vars, "var", nil, "substitution variable NAME=VALUE (repeatable; wins over the other sources)")
	fs.BoolVar(&s.Strict, "strict", true, "fail on a variable that is unset and has no default, as Flux 2.9 does")
}

// Given reports whether any variable source was named.
func (s Sources) Given() bool {
	return s.Kustomization != "" || len(s.VarsFiles) > 0 || len(s.Vars) > 0
}
