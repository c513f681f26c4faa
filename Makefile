# cohesion: `make demo` to see it work, `make test` to check it, `make bench` to measure it.
GO       ?= go
TAGS     := duckdb_arrow
GOFLAGS  := -tags=$(TAGS)
ASSET    := reports/assets/echarts.min.js
VERSION  := $(shell git describe --always --dirty 2>/dev/null || echo dev)

.PHONY: all build test demo bench assets fuzz vet clean screenshots mutate check-r

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
	$(GO) run ./cmd/mutate -check
	$(GO) test $(GOFLAGS) -count=1 ./...

demo: build
	./bin/cohesion demo --out demo

# Go benchmarks, then the end-to-end run on a generated program of 2,000 cohorts.
bench: build
	$(GO) test $(GOFLAGS) -run '^$$' -bench . -benchmem ./...
	$(GO) run $(GOFLAGS) ./cmd/benchmark --bin bin/cohesion --cohorts 200,2000,6000 --long-form-mb 1024 --wide-form-mb 1024 --qualtrics-mb 1024 --msforms-mb 80

# Each parser's fuzz target for a while (FUZZTIME=1m by default).
FUZZTIME ?= 1m
# Minimising a new input is capped: uncapped, it took the MS Forms targets' whole budget.
FUZZMINTIME ?= 5s
FUZZ_TARGETS := zoom:FuzzParse zoom:FuzzParseAll teams:FuzzParse meet:FuzzParse marks:FuzzParse \
	forms:FuzzGoogleForms forms:FuzzQualtrics forms:FuzzMSForms forms:FuzzMSFormsCells forms:FuzzCodebook \
	sheet:FuzzSheet sheet:FuzzSheetCells \
	exportfile:FuzzParseStamp exportfile:FuzzFirstRecords .:FuzzParseSchedule .:FuzzParseRoster .:FuzzParseResponses \
	.:FuzzStreamedResponses
# The workbook targets build and read a zip per execution: minimising even for a few seconds
# took their whole budget (11 and 54 executions in 10 s), so they do not minimise (1,821 and
# 76,783).
FUZZ_NOMIN := forms:FuzzMSForms forms:FuzzMSFormsCells sheet:FuzzSheet sheet:FuzzSheetCells
fuzz: $(ASSET)
	for t in $(FUZZ_TARGETS); do \
		min=$(FUZZMINTIME); case " $(FUZZ_NOMIN) " in *" $$t "*) min=1x;; esac; \
		$(GO) test $(GOFLAGS) ./pipeline/$${t%%:*} -run '^$$' -fuzz "^$${t##*:}$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $$min || exit 1; \
	done

# Plant each one-line bug of cmd/mutate/mutations.txt alone in a scratch copy, run the tests
# that build the mutated package and list the bugs that survived (25 minutes on 2 cores; narrow
# it with MUTATEFLAGS="-match '^km-' -run Retention ./pipeline").
MUTATEFLAGS ?= ./pipeline/... ./cmd/... ./reports/...
mutate: $(ASSET)
	$(GO) run ./cmd/mutate $(MUTATEFLAGS)

# The README's pictures of the reports: a demo program, its reports, headless Chromium.
SHOTS   := reports/screenshots
CHROME  ?= chromium
CHROMEFLAGS := --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
	--disable-component-update --disable-sync --hide-scrollbars --virtual-time-budget=5000
screenshots: build
	rm -rf /tmp/cohesion-shots && ./bin/cohesion demo --out /tmp/cohesion-shots --cohorts 40 >/dev/null
	./bin/cohesion report cohort intro-001 --db /tmp/cohesion-shots/cohesion.duckdb --out /tmp/cohesion-shots/cohort.html
	./bin/cohesion report quarter 2026Q1 --db /tmp/cohesion-shots/cohesion.duckdb --out /tmp/cohesion-shots/quarter.html --min-cell 5
	mkdir -p $(SHOTS)
	$(CHROME) $(CHROMEFLAGS) --user-data-dir=/tmp/cohesion-shots/profile --window-size=1200,10400 \
		--screenshot=$(SHOTS)/cohort.png file:///tmp/cohesion-shots/cohort.html
	$(CHROME) $(CHROMEFLAGS) --user-data-dir=/tmp/cohesion-shots/profile --window-size=1200,2400 \
		--screenshot=$(SHOTS)/quarter.png file:///tmp/cohesion-shots/quarter.html

# Re-derive the research statistics' reference values with R (survival, psych, multilevel,
# jsonlite) and fail if any committed value changed. The tests compare against the committed
# values, so they never need R.
R_SCRIPTS := $(wildcard testdata/stats/*.R)
check-r:
	@command -v Rscript >/dev/null || { echo "check-r needs Rscript (r-base-core) with survival, psych, multilevel, jsonlite"; exit 1; }
	cd testdata/stats && for r in $(notdir $(R_SCRIPTS)); do Rscript $$r >/dev/null || exit 1; done
	git diff --exit-code -- testdata/stats

clean:
	rm -rf bin demo
