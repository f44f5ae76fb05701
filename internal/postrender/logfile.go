package postrender

import (
	"os"
	"path/filepath"
	"runtime"
)

// DefaultLogFile is where failures go when --log-file is not given:
// $ENVCONTRACT_LOG_FILE; else, when Helm runs the binary as a plugin (it
// sets HELM_PLUGIN_NAME; Helm 4 drops a post-renderer's stderr), the file
// envcontract/render.log in Helm's cache home; else nowhere.
func DefaultLogFile() string {
	if f := os.Getenv(LogFileEnv); f != "" {
		return f
	}
	if os.Getenv("HELM_PLUGIN_NAME") == "" {
		return ""
	}
	home := HelmCacheHome()
	if home == "" {
		return ""
	}
	return filepath.Join(home, "envcontract", "render.log")
}

// HelmCacheHome is Helm's cache directory, found the way Helm's helmpath
// finds it: $HELM_CACHE_HOME, else $XDG_CACHE_HOME/helm, else the user's
// cache directory (~/.cache, ~/Library/Caches; %TEMP% on Windows) /helm.
// It is "" when none of them is known.
func HelmCacheHome() string {
	if d := os.Getenv("HELM_CACHE_HOME"); d != "" {
		return d
	}
	base := os.Getenv("XDG_CACHE_HOME")
	if base == "" && runtime.GOOS == "windows" {
		base = os.Getenv("TEMP")
	}
	if base == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		base = dir
	}
	return filepath.Join(base, "helm")
}
