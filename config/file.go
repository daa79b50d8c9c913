package config

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// flattener turns a YAML or TOML document into values by dotted file key,
// checking every key against the settings.
type flattener struct {
	path string
	out  map[string]value
	errs []error
}

// unknown records a key that is neither a setting nor a section.
func (f *flattener) unknown(where, key string) {
	msg := fmt.Sprintf("config file %s: unknown key %q", where, key)
	if s := suggest(key); s != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", s)
	}
	f.errs = append(f.errs, fmt.Errorf("%s", msg))
}

// notSection records a section given a single value.
func (f *flattener) notSection(where, key string) {
	var keys []string
	for _, s := range settings {
		if sec, k, ok := strings.Cut(s.key, "."); ok && sec == key {
			keys = append(keys, k)
		}
	}
	f.errs = append(f.errs, fmt.Errorf("config file %s: %s must be a section holding %s, not a single value",
		where, key, strings.Join(keys, ", ")))
}

// badShape records a setting given a section or something else it cannot be.
func (f *flattener) badShape(where, key, msg string) {
	s := settingByKey[key]
	f.errs = append(f.errs, &SettingError{Env: s.env, Key: key, Msg: msg, Source: where})
}

// yaml reads a YAML document.
func (f *flattener) yaml(data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("config file %s: %w", f.path, err)
	}
	if len(doc.Content) == 0 {
		return nil // an empty file
	}
	root := deref(doc.Content[0])
	switch {
	case isNull(root):
		return nil
	case root.Kind != yaml.MappingNode:
		return fmt.Errorf("config file %s:%d: expected settings as key: value lines", f.path, root.Line)
	}
	f.yamlMap(root, "")
	return nil
}

// yamlMap reads a mapping whose keys start with prefix.
func (f *flattener) yamlMap(n *yaml.Node, prefix string) {
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], deref(n.Content[i+1])
		where := fmt.Sprintf("%s:%d", f.path, k.Line)
		if k.Kind != yaml.ScalarNode {
			f.errs = append(f.errs, fmt.Errorf("config file %s: a key must be a plain name", where))
			continue
		}
		key := prefix + k.Value
		if first, dup := seen[k.Value]; dup {
			f.errs = append(f.errs, fmt.Errorf("config file %s: %s is given twice (first at line %d)", where, key, first))
			continue
		}
		seen[k.Value] = k.Line

		switch {
		case prefix == "" && sections[key]:
			switch {
			case isNull(v):
			case v.Kind == yaml.MappingNode:
				f.yamlMap(v, key+".")
			default:
				f.notSection(where, key)
			}
		case settingByKey[key] != nil:
			f.yamlValue(where, key, v)
		default:
			f.unknown(where, key)
		}
	}
}

// yamlValue reads the value of the setting key.
func (f *flattener) yamlValue(where, key string, v *yaml.Node) {
	switch v.Kind {
	case yaml.ScalarNode:
		if t := strings.TrimSpace(v.Value); t != "" && !isNull(v) {
			f.out[key] = value{text: t, source: where}
		}
	case yaml.SequenceNode:
		items := make([]string, 0, len(v.Content))
		for _, it := range v.Content {
			it = deref(it)
			if it.Kind != yaml.ScalarNode {
				f.badShape(where, key, "must be a list of plain values")
				return
			}
			if t := strings.TrimSpace(it.Value); t != "" && !isNull(it) {
				items = append(items, t)
			}
		}
		f.out[key] = value{items: items, isList: true, source: where}
	default:
		f.badShape(where, key, "must be a single value, not a section")
	}
}

// deref follows a YAML alias to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// isNull reports whether n is YAML's null: "~", "null" or nothing.
func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

// toml reads a TOML document.
func (f *flattener) toml(data []byte) error {
	var doc map[string]any
	if _, err := toml.Decode(string(data), &doc); err != nil {
		return fmt.Errorf("config file %s: %w", f.path, err)
	}
	f.tomlMap(doc, "")
	return nil
}

// tomlMap reads a table whose keys start with prefix, in key order.
func (f *flattener) tomlMap(m map[string]any, prefix string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		key, v := prefix+k, m[k]
		switch {
		case prefix == "" && sections[key]:
			if t, ok := v.(map[string]any); ok {
				f.tomlMap(t, key+".")
			} else {
				f.notSection(f.path, key)
			}
		case settingByKey[key] != nil:
			f.tomlValue(key, v)
		default:
			f.unknown(f.path, key)
		}
	}
}

// tomlValue reads the value of the setting key.
func (f *flattener) tomlValue(key string, v any) {
	if list, ok := v.([]any); ok {
		items := make([]string, 0, len(list))
		for _, it := range list {
			t, ok := tomlScalar(it)
			if !ok {
				f.badShape(f.path, key, "must be a list of strings or numbers")
				return
			}
			if t != "" {
				items = append(items, t)
			}
		}
		f.out[key] = value{items: items, isList: true, source: f.path}
		return
	}
	t, ok := tomlScalar(v)
	if !ok {
		f.badShape(f.path, key, "must be a string, a number or true/false")
		return
	}
	if t != "" {
		f.out[key] = value{text: t, source: f.path}
	}
}

// tomlScalar returns the text of a TOML string, number or boolean.
func tomlScalar(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64), true
	case bool:
		return strconv.FormatBool(v), true
	}
	return "", false
}

// suggest returns the file key a mistyped key most likely meant, or "".
func suggest(key string) string {
	last := key[strings.LastIndexByte(key, '.')+1:]
	for _, s := range settings {
		if strings.EqualFold(key, s.env) || strings.EqualFold(last, s.env) {
			return s.key // an environment variable's name used as a key
		}
	}
	for _, s := range settings {
		if _, k, ok := strings.Cut(s.key, "."); ok && k == last {
			return s.key // the right key in the wrong section
		}
	}
	best, bestDist := "", 3
	for _, s := range settings {
		if d := distance(key, s.key); d < bestDist {
			best, bestDist = s.key, d
		}
	}
	return best
}

// distance returns the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
