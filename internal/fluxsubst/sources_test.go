package fluxsubst

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSourcesPrecedence(t *testing.T) {
	cases := map[string]struct {
		s    Sources
		want map[string]string
	}{
		"file below kustomization": {
			s:    Sources{Kustomization: "testdata/ks.yaml", VarsFiles: []string{"testdata/vars.yaml"}},
			want: map[string]string{"FROM_FILE": "file", "FROM_KS": "ks", "OVERRIDDEN": "ks"},
		},
		"command line on top": {
			s:    Sources{Kustomization: "testdata/ks.yaml", VarsFiles: []string{"testdata/vars.yaml"}, Vars: []string{"OVERRIDDEN=cli"}},
			want: map[string]string{"FROM_FILE": "file", "FROM_KS": "ks", "OVERRIDDEN": "cli"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			o, probs, err := tc.s.Options()
			require.NoError(t, err)
			assert.Empty(t, probs)
			got := map[string]string{}
			for k, v := range o.Vars {
				got[k] = v.Value
			}
			assert.Equal(t, tc.want, got)
			assert.True(t, o.PostBuild)
			assert.Equal(t, []string{"ConfigMap/cluster-vars"}, o.SubstituteFrom)
		})
	}
}

func TestSourcesPostBuild(t *testing.T) {
	cases := map[string]struct {
		s         Sources
		postBuild bool
		probs     []string
	}{
		"nothing given":         {s: Sources{}},
		"command line only":     {s: Sources{Vars: []string{"A=1"}}, postBuild: true},
		"vars file only":        {s: Sources{VarsFiles: []string{"testdata/vars.yaml"}}, postBuild: true},
		"kustomization decides": {s: Sources{Kustomization: "testdata/ks.yaml"}, postBuild: true},
		"no postBuild ignores the variables given": {
			s:     Sources{Kustomization: "testdata/ks-nopostbuild.yaml", Vars: []string{"A=1"}},
			probs: []string{"testdata/ks-nopostbuild.yaml: /spec: warning: the Kustomization has no spec.postBuild, so Flux substitutes nothing: the variables given are not used"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			o, probs, err := tc.s.Options()
			require.NoError(t, err)
			assert.Equal(t, tc.postBuild, o.PostBuild)
			var got []string
			for _, p := range probs {
				got = append(got, line(p))
			}
			assert.Equal(t, tc.probs, got)
		})
	}
}

func TestSourcesErrors(t *testing.T) {
	cases := map[string]Sources{
		"missing kustomization": {Kustomization: "testdata/none.yaml"},
		"missing vars file":     {VarsFiles: []string{"testdata/none.yaml"}},
		"bad var":               {Vars: []string{"NOEQUALS"}},
	}
	for name, s := range cases {
		t.Run(name, func(t *testing.T) {
			_, _, err := s.Options()
			require.Error(t, err)
		})
	}
}
