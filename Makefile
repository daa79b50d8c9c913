# warroom: make demo (see it work), make test (what CI runs).
GO      ?= go
BIN     ?= bin/warroom
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
FUZZTIME ?= 30s

.PHONY: build test demo bench fuzz clean

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/warroom

test:
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

demo:
	$(GO) run ./cmd/warroom demo

# Benchmarks: timeline appends through the store vs raw bbolt, the engine,
# and drafting a 100,000-entry postmortem. fsync is on, as in production.
# Reading a 100,000-entry timeline takes a good part of a second, so those
# run 20 times, not 5000.
bench:
	$(GO) test -run '^$$' -bench 'Append|RawBatch|Record' -benchmem -benchtime 5000x ./store/
	$(GO) test -run '^$$' -bench 'Timeline' -benchmem -benchtime 20x ./store/
	$(GO) test -run '^$$' -bench Learning -benchtime 5x ./store/
	$(GO) test -run '^$$' -bench Archive -benchmem -benchtime 5x ./store/
	$(GO) test -run '^$$' -bench . -benchmem ./bot/ ./postmortem/
	$(GO) test -run '^$$' -bench Stop -benchtime 20x ./adapters/discord/

# The load benchmark: the whole bot in-process (store file with fsync on,
# engine, parser, Slack adapter) against the fake Slack over Socket Mode,
# side by side with bare bbolt Batch writes (the ceiling); three runs, each
# a process of its own, and their medians. Flags: BENCHFLAGS='-n 20000',
# see go run ./cmd/warroom-bench -h. Then the real binary's resident memory
# when it idles against the fake Slack (MiB-rss).
.PHONY: bench-e2e
bench-e2e:
	$(GO) run ./cmd/warroom-bench $(BENCHFLAGS)
	$(GO) test -run '^$$' -bench SlackIdleRSS -benchtime 1x ./cmd/warroom/

# Each fuzz target for FUZZTIME; make test runs their seed corpora
# (testdata/fuzz in each package).
FUZZ_TARGETS := \
	./commands/:FuzzParse \
	./bot/:FuzzChannelName \
	./postmortem/:FuzzWritePostmortem \
	./adapters/slack/:FuzzQuote \
	./adapters/slack/:FuzzTranslate \
	./adapters/discord/:FuzzQuote \
	./adapters/discord/:FuzzTranslate \
	./adapters/discord/:FuzzCommandText

fuzz:
	GO=$(GO) scripts/fuzz $(FUZZTIME) $(FUZZ_TARGETS)

clean:
	rm -rf bin
