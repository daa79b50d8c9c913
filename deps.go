//go:build tools

// Package tools pins dependencies that packages still being written will use,
// so that go mod tidy keeps them in go.mod meanwhile.
package tools

import (
	_ "github.com/BurntSushi/toml"
	_ "github.com/bwmarrin/discordgo"
	_ "github.com/gorilla/websocket"
	_ "github.com/robfig/cron/v3"
	_ "github.com/rs/zerolog"
	_ "github.com/slack-go/slack"
	_ "github.com/slack-go/slack/socketmode"
	_ "go.etcd.io/bbolt"
	_ "gopkg.in/yaml.v3"
)
