package slack_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/slack_methods.txt from Slack's spec beside the repository")

const (
	// methodsFile lists the Web API methods Slack documents, one a line.
	methodsFile = "testdata/slack_methods.txt"
	// specFile is Slack's Web API spec, which methodsFile is derived from,
	// where the shared material sits beside the repository.
	specFile = "../../../shared/specs/slack_web_openapi_v2.json"
	// methodsHeader opens methodsFile.
	methodsHeader = "# The methods of Slack's Web API spec (slack_web_openapi_v2.json, paths without\n" +
		"# the slash). Regenerate with: go test ./adapters/slack/ -run TestMethodsFile -update\n"
)

// specMethods returns the documented methods from methodsFile, which is
// in the repository, so the tests that check against it run everywhere.
func specMethods(t *testing.T) map[string]bool {
	t.Helper()
	raw, err := os.ReadFile(methodsFile)
	if err != nil {
		t.Fatal(err)
	}
	methods := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			methods[l] = true
		}
	}
	if len(methods) < 100 {
		t.Fatalf("%s lists %d methods; Slack's spec has 174", methodsFile, len(methods))
	}
	return methods
}

// TestMethodsFile checks that methodsFile is the list of methods in Slack's
// spec, where the spec is beside the repository (with -update, it writes
// the file from it). Without the spec there is nothing to compare: the
// tests that use the list still run on the copy in testdata.
func TestMethodsFile(t *testing.T) {
	raw, err := os.ReadFile(specFile)
	if err != nil {
		t.Skipf("Slack's Web API spec is not beside the repository: %v", err)
	}
	var spec struct {
		Paths map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	want.WriteString(methodsHeader)
	var methods []string
	for p := range spec.Paths {
		methods = append(methods, strings.TrimPrefix(p, "/"))
	}
	slices.Sort(methods)
	for _, m := range methods {
		want.WriteString(m + "\n")
	}
	if *update {
		if err := os.WriteFile(methodsFile, []byte(want.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(methodsFile)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want.String() {
		t.Errorf("%s differs from the methods in %s; run with -update and review the diff", methodsFile, specFile)
	}
}
