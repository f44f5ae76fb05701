package main

import "example.com/wrappers/settings"

// windowsMode is read in the windows build only (the _windows suffix).
var windowsMode = settings.App("WINDOWS_MODE")
