package config

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// LoadEnviron is Load with the environment given as os.Environ returns it
// ("NAME=value"), which lets it check the names as well as the values. A
// WARROOM_* variable that is no setting is an error that names the nearest
// setting (WARROOM_PLATFOM=slack used to start the console and exit 0),
// joined with every other problem. An unknown SLACK_* or DISCORD_* variable,
// which other tools set too, is a warning, kept in Config.Warnings for the
// caller to log. The known names are those of the settings table, so a new
// setting is known as soon as it is in it.
func LoadEnviron(path string, environ []string) (*Config, error) {
	env := make(map[string]string, len(environ))
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	errs, warnings := checkNames(env)
	c, err := Load(path, func(k string) string { return env[k] })
	if err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	c.Warnings = warnings
	return c, nil
}

// UnknownEnvError is a WARROOM_* environment variable that is no setting.
type UnknownEnvError struct {
	Name    string // the variable
	Nearest string // the setting's variable it is most like
}

// Error names the variable and the setting it is most like; never the value.
func (e *UnknownEnvError) Error() string {
	return fmt.Sprintf("%s is not a warroom setting; did you mean %s? (the README lists every setting)", e.Name, e.Nearest)
}

// prefixes are the environment prefixes of settings: WARROOM_ is warroom's
// own (an unknown name is an error), the others are shared with other tools
// (a warning).
var prefixes = []struct {
	prefix string
	strict bool
}{{"WARROOM_", true}, {"SLACK_", false}, {"DISCORD_", false}}

// checkNames returns an error for each unknown WARROOM_* variable set in env
// and a warning for each unknown SLACK_* and DISCORD_* one, sorted by name.
// An empty variable counts as unset, as it does for a setting.
func checkNames(env map[string]string) (errs []error, warnings []string) {
	known := make(map[string]bool, len(settings))
	names := make([]string, 0, len(settings))
	for _, s := range settings {
		known[s.env] = true
		names = append(names, s.env)
	}
	var set []string
	for k, v := range env {
		if strings.TrimSpace(v) != "" && !known[k] {
			set = append(set, k)
		}
	}
	slices.Sort(set)
	for _, k := range set {
		for _, p := range prefixes {
			if !strings.HasPrefix(k, p.prefix) {
				continue
			}
			near := nearest(k, names)
			if p.strict {
				errs = append(errs, &UnknownEnvError{Name: k, Nearest: near})
			} else {
				warnings = append(warnings, fmt.Sprintf("%s is set but warroom does not read it; the nearest setting is %s", k, near))
			}
		}
	}
	return errs, warnings
}

// nearest returns the name in names closest to s by edit distance, the
// first of equals.
func nearest(s string, names []string) string {
	best, bestD := "", -1
	for _, n := range names {
		if d := distance(s, n); bestD < 0 || d < bestD {
			best, bestD = n, d
		}
	}
	return best
}
