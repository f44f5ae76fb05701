package postrender_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/openova/envcontract/internal/postrender"
)

func TestDefaultLogFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the cases below use Unix homes")
	}
	tests := map[string]struct {
		env  map[string]string
		want string
	}{
		"ENVCONTRACT_LOG_FILE wins": {
			env:  map[string]string{"ENVCONTRACT_LOG_FILE": "/l/my.log", "HELM_PLUGIN_NAME": "envcontract-render", "HELM_CACHE_HOME": "/hc"},
			want: "/l/my.log",
		},
		"not run by Helm: no log": {
			env:  map[string]string{"HELM_CACHE_HOME": "/hc"},
			want: "",
		},
		"HELM_CACHE_HOME": {
			env:  map[string]string{"HELM_PLUGIN_NAME": "envcontract-render", "HELM_CACHE_HOME": "/hc", "XDG_CACHE_HOME": "/xdg"},
			want: "/hc/envcontract/render.log",
		},
		"XDG_CACHE_HOME": {
			env:  map[string]string{"HELM_PLUGIN_NAME": "envcontract-render", "XDG_CACHE_HOME": "/xdg"},
			want: "/xdg/helm/envcontract/render.log",
		},
		"the user's cache directory": {
			env:  map[string]string{"HELM_PLUGIN_NAME": "envcontract-render", "HOME": "/home/u"},
			want: "/home/u/" + map[bool]string{true: "Library/Caches", false: ".cache"}[runtime.GOOS == "darwin"] + "/helm/envcontract/render.log",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			for _, k := range []string{"ENVCONTRACT_LOG_FILE", "HELM_PLUGIN_NAME", "HELM_CACHE_HOME", "XDG_CACHE_HOME"} {
				t.Setenv(k, "")
				os.Unsetenv(k)
			}
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			assert.Equal(t, filepath.FromSlash(tc.want), postrender.DefaultLogFile())
		})
	}
}
