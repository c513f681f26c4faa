# cohesion: `make demo` to see it work, `make test` to check it, `make bench` to measure it.
GO       ?= go
TAGS     := duckdb_arrow
GOFLAGS  := -tags=$(TAGS)
ASSET    := reports/assets/echarts.min.js
VERSION  := $(shell git describe --always --dirty 2>/dev/null || echo dev)

.PHONY: all build test demo bench assets fuzz vet clean

all: build

# ECharts is installed from the npm lock file and embedded in the binary: reports work offline.
assets: $(ASSET)
$(ASSET): reports/package-lock.json reports/fetch-assets.sh
	bash reports/fetch-assets.sh

build: $(ASSET)
	$(GO) build $(GOFLAGS) -ldflags "-X main.version=$(VERSION)" -o bin/cohesion ./cmd/cohesion

vet: $(ASSET)
	$(GO) vet $(GOFLAGS) ./...

test: vet
	$(GO) test $(GOFLAGS) -count=1 ./...

demo: build
	./bin/cohesion demo --out demo

# Go benchmarks, then the end-to-end run on a generated program of 2,000 cohorts.
bench: build
	$(GO) test $(GOFLAGS) -run '^$$' -bench . -benchmem ./...
	$(GO) run $(GOFLAGS) ./cmd/benchmark --bin bin/cohesion --cohorts 2000

# Each parser's fuzz target for a while (FUZZTIME=1m by default).
FUZZTIME ?= 1m
fuzz: $(ASSET)
	for p in zoom teams meet marks; do \
		$(GO) test $(GOFLAGS) ./pipeline/$$p -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME) || exit 1; \
	done
	$(GO) test $(GOFLAGS) ./pipeline -run '^$$' -fuzz FuzzParseSchedule -fuzztime $(FUZZTIME)
	$(GO) test $(GOFLAGS) ./pipeline -run '^$$' -fuzz FuzzParseRoster -fuzztime $(FUZZTIME)
	$(GO) test $(GOFLAGS) ./pipeline -run '^$$' -fuzz FuzzParseResponses -fuzztime $(FUZZTIME)

clean:
	rm -rf bin demo
