package cli

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// FyneApp.toml is the one source of the version: the default a plain `go build` reports
// must be the same release, so that the two cannot drift apart unnoticed.
func TestVersionMatchesFyneAppToml(t *testing.T) {
	data, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(data)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version")
	}
	if !strings.HasPrefix(Version, string(m[1])) {
		t.Errorf("cli.Version = %q; want it to start with FyneApp.toml's %q", Version, m[1])
	}
	code, out, _ := runCLI(t, nil, "--version")
	if code != ExitOK || !strings.Contains(out, Version) {
		t.Errorf("baoan --version = %d %q; want the version", code, out)
	}
}
