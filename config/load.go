package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// fromEnv is the source of a value taken from the environment.
const fromEnv = "the environment"

// Load returns the settings from the file at path, overridden by the
// environment as getenv reads it, with defaults for the rest, validated.
//
// path "" means no file; otherwise its extension says the format: .yaml or
// .yml for YAML, .toml for TOML. A key the file should not hold is an
// error. getenv is usually os.Getenv; nil means no environment. An empty
// variable counts as unset, and so does an empty value in the file.
//
// The error joins every problem found (see errors.Join), each naming its
// setting; settings of a platform other than the configured one are
// ignored.
func Load(path string, getenv func(string) string) (*Config, error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	var (
		file map[string]value
		errs []error
	)
	if path != "" {
		var err error
		file, errs, err = readFile(path)
		if err != nil {
			return nil, err
		}
	}

	c := Default()
	c.sources = map[string]string{}
	type failure struct {
		s   *setting
		err error
	}
	var failed []failure
	for i := range settings {
		s := &settings[i]
		v, ok := lookup(s, getenv, file)
		if !ok {
			continue
		}
		c.sources[s.key] = v.source
		if err := s.set(c, v); err != nil {
			var se *SettingError
			if errors.As(err, &se) {
				se.Env, se.Key, se.Source = s.env, s.key, v.source
			}
			failed = append(failed, failure{s, err})
		}
	}
	// The platform is known only now: drop the complaints about the others.
	for _, f := range failed {
		if f.s.platform == "" || f.s.platform == c.Platform {
			errs = append(errs, f.err)
		}
	}
	errs = append(errs, c.validate()...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// lookup returns the value of s from the environment, else from the file;
// false if neither sets it.
func lookup(s *setting, getenv func(string) string, file map[string]value) (value, bool) {
	if t := strings.TrimSpace(getenv(s.env)); t != "" {
		v := value{text: t, source: fromEnv}
		if s.list {
			v.items = splitList(t)
		}
		return v, true
	}
	v, ok := file[s.key]
	if ok && s.list && !v.isList {
		v.items = splitList(v.text)
	}
	return v, ok
}

// readFile reads a settings file into values by file key. It returns the
// problems with single keys apart from err, which is for a file that
// cannot be read at all.
func readFile(path string) (map[string]value, []error, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".yaml" && ext != ".yml" && ext != ".toml" {
		return nil, nil, fmt.Errorf("config file %s: unknown format %q: name it .yaml, .yml or .toml", path, ext)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("config file: %w", err)
	}
	f := &flattener{path: path, out: map[string]value{}}
	if ext == ".toml" {
		err = f.toml(data)
	} else {
		err = f.yaml(data)
	}
	if err != nil {
		return nil, nil, err
	}
	return f.out, f.errs, nil
}
