package notests

import "os"

var _ = os.Getenv("TEST_FILE_ONLY")
