// What Kyverno makes of the strings of a generate rule when no variable or
// reference is resolved: the two passes of kyverno/kyverno v1.19.0
// pkg/engine/variables/vars.go (substituteReferencesIfAny, then
// substituteVariablesIfAny) with the expressions of
// pkg/engine/variables/regex/vars.go, in Go's own regexp engine. Reads a JSON
// array of strings on stdin; writes, for each, {"ok": true, "value": ...} or
// {"ok": false} when Kyverno would substitute (or fail on) a reference or a
// variable. Standard library only.
package main

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
)

var (
	regexVariables      = regexp.MustCompile(`(^|[^\\])(\{\{(?:\{[^{}]*\}|[^{}])*\}\})`)
	regexReferences     = regexp.MustCompile(`^\$\(.[^\ ]*\)|[^\\]\$\(.[^\ ]*\)`)
	regexEscpReferences = regexp.MustCompile(`\\\$\(.[^\ \)]*\)`)
)

type result struct {
	Ok    bool   `json:"ok"`
	Value string `json:"value"`
}

func read(value string) result {
	if len(regexReferences.FindAllString(value, -1)) > 0 {
		return result{}
	}
	for _, v := range regexEscpReferences.FindAllString(value, -1) {
		value = strings.Replace(value, v, v[1:], -1)
	}
	if len(regexVariables.FindAllString(value, -1)) > 0 {
		return result{}
	}
	return result{Ok: true, Value: strings.ReplaceAll(value, "\\{{", "{{")}
}

func main() {
	var in []string
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		os.Stderr.WriteString(err.Error())
		os.Exit(1)
	}
	out := make([]result, len(in))
	for i, s := range in {
		out[i] = read(s)
	}
	_ = json.NewEncoder(os.Stdout).Encode(out)
}
