// The External Secrets Operator's template engine v2, as the operator runs it
// (external-secrets runtime/template/v2/template.go): Go text/template with
// missingkey=error and sprig's text functions without env/expandenv, over the
// remote fields as strings. Reads {"templates": {key: text}, "data": {field: value}}
// on stdin and writes {"rendered": {key: base64}} or {"error": "..."} on stdout;
// given {"durations": [...]}, whether time.ParseDuration accepts each.
// Built in GOPATH mode with Debian's golang-github-masterminds-sprig-dev.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"text/template"
	"time"

	"github.com/Masterminds/sprig"
)

type input struct {
	Templates map[string]string `json:"templates"`
	Data      map[string]string `json:"data"`
	// Durations to parse as the operator parses refreshInterval (metav1.Duration: time.ParseDuration).
	Durations []string `json:"durations"`
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fail(err)
	}
	if in.Durations != nil {
		valid := make([]bool, len(in.Durations))
		for i, d := range in.Durations {
			_, err := time.ParseDuration(d)
			valid[i] = err == nil
		}
		_ = json.NewEncoder(os.Stdout).Encode(map[string]interface{}{"valid": valid})
		return
	}
	funcs := sprig.TxtFuncMap()
	delete(funcs, "env")
	delete(funcs, "expandenv")
	out := map[string]string{}
	for key, text := range in.Templates {
		t, err := template.New(key).Option("missingkey=error").Funcs(funcs).Parse(text)
		if err != nil {
			fail(err)
		}
		var buf bytes.Buffer
		if err := t.Execute(&buf, in.Data); err != nil {
			fail(err)
		}
		out[key] = base64.StdEncoding.EncodeToString(buf.Bytes())
	}
	_ = json.NewEncoder(os.Stdout).Encode(map[string]interface{}{"rendered": out})
}

func fail(err error) {
	_ = json.NewEncoder(os.Stdout).Encode(map[string]string{"error": err.Error()})
	os.Exit(0)
}
