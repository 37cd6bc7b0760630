// What `helm template` writes for a chart, as far as the chart of
// test/fixtures/helm uses it: every templates/*.yaml file executed with Go
// text/template and sprig's functions (helm's engine, pkg/engine/engine.go:
// sprig.TxtFuncMap without env/expandenv, plus include and required), over
// {Values, Release, Chart}, missingkey=zero; each non-empty rendering written
// as a document headed "# Source: CHART/templates/FILE", in file order; files
// starting with _ are definitions only. Helm itself is not packaged for Debian.
// Reads {"dir": ..., "values": {...}, "release": {...}, "chart": {...}} on stdin.
// Built in GOPATH mode with Debian's golang-github-masterminds-sprig-dev.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
)

type input struct {
	Dir     string                 `json:"dir"`
	Values  map[string]interface{} `json:"values"`
	Release map[string]interface{} `json:"release"`
	Chart   map[string]interface{} `json:"chart"`
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fail(err)
	}
	files, err := filepath.Glob(filepath.Join(in.Dir, "templates", "*"))
	if err != nil {
		fail(err)
	}
	sort.Strings(files)
	root := template.New("chart").Option("missingkey=zero")
	funcs := sprig.TxtFuncMap()
	delete(funcs, "env")
	delete(funcs, "expandenv")
	funcs["include"] = func(name string, data interface{}) (string, error) {
		var buf bytes.Buffer
		err := root.ExecuteTemplate(&buf, name, data)
		return buf.String(), err
	}
	funcs["required"] = func(message string, value interface{}) (interface{}, error) {
		if value == nil || value == "" {
			return nil, errors.New(message)
		}
		return value, nil
	}
	root.Funcs(funcs)
	for _, file := range files {
		text, err := os.ReadFile(file)
		if err != nil {
			fail(err)
		}
		if _, err := root.New(filepath.Base(file)).Parse(string(text)); err != nil {
			fail(err)
		}
	}
	data := map[string]interface{}{"Values": in.Values, "Release": in.Release, "Chart": in.Chart}
	chartName, _ := in.Chart["Name"].(string)
	var out strings.Builder
	for _, file := range files {
		base := filepath.Base(file)
		if strings.HasPrefix(base, "_") {
			continue
		}
		var buf bytes.Buffer
		if err := root.ExecuteTemplate(&buf, base, data); err != nil {
			fail(err)
		}
		if strings.TrimSpace(buf.String()) == "" {
			continue
		}
		out.WriteString("---\n# Source: " + chartName + "/templates/" + base + "\n" + buf.String())
		if !strings.HasSuffix(buf.String(), "\n") {
			out.WriteString("\n")
		}
	}
	_ = json.NewEncoder(os.Stdout).Encode(map[string]string{"rendered": out.String()})
}

func fail(err error) {
	_ = json.NewEncoder(os.Stdout).Encode(map[string]string{"error": err.Error()})
	os.Exit(0)
}
