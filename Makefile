# envcontract: build, test, demo. `make help` lists the targets.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build

# Build with the Go that is installed; never download another toolchain.
export GOTOOLCHAIN := local

GO      ?= go
BIN     := $(CURDIR)/bin/envcontract
RENDER  := $(CURDIR)/bin/envcontract-render
# The Helm 4 plugin execs $(HELM_PLUGIN_DIR)/bin/envcontract-render: a link to $(RENDER).
PLUGIN_RENDER := $(CURDIR)/plugins/envcontract-render/bin/envcontract-render
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT  ?= $(shell git rev-parse HEAD 2>/dev/null)
LDFLAGS := -X main.version=$(VERSION) -X main.commit=$(COMMIT)

# Real Helm 3, Helm 4 and kustomize for the end-to-end tests, built from the
# Go module proxy into the git-ignored .cache/tools/<name>-<version>/.
TOOLS             := $(CURDIR)/.cache/tools
HELM3_VERSION     := v3.22.0
HELM4_VERSION     := v4.3.1
KUSTOMIZE_VERSION := v5.8.1
HELM3             := $(TOOLS)/helm-$(HELM3_VERSION)/helm
HELM4             := $(TOOLS)/helm-$(HELM4_VERSION)/helm
KUSTOMIZE         := $(TOOLS)/kustomize-$(KUSTOMIZE_VERSION)/kustomize
# CNCF distribution's registry: the OCI registry the distribution tests push to.
REGISTRY_VERSION  := v3.1.2
REGISTRY_SERVER   := $(TOOLS)/registry-$(REGISTRY_VERSION)/registry

# The helm `make demo` uses; `make demo DEMO_HELM=helm` takes the one on PATH.
DEMO_HELM ?= $(HELM4)

FUZZTIME ?= 30s

E2E_ENV := ENVCONTRACT_E2E=1 ENVCONTRACT_BIN=$(BIN) ENVCONTRACT_HELM3=$(HELM3) \
	ENVCONTRACT_HELM4=$(HELM4) ENVCONTRACT_KUSTOMIZE=$(KUSTOMIZE) ENVCONTRACT_REGISTRY=$(REGISTRY_SERVER)

.PHONY: help build tools test apiuser apiuser-tidy release-tool e2e vet fuzz demo clean

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

# envcontract-render without cgo, as make dist builds it: net and os/user
# would otherwise link libc, and the dynamic loader adds about 0.5 ms to
# every start of the post-renderer (BENCHMARKS.md, issue 16).
build: ## build bin/envcontract and the post-renderer bin/envcontract-render (linked into the Helm 4 plugin)
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/envcontract
	CGO_ENABLED=0 $(GO) build -o $(RENDER) ./cmd/envcontract-render
	mkdir -p $(dir $(PLUGIN_RENDER))
	ln -sfn ../../../bin/envcontract-render $(PLUGIN_RENDER)

tools: $(HELM3) $(HELM4) $(KUSTOMIZE) $(REGISTRY_SERVER) ## build helm 3, helm 4, kustomize and an OCI registry into .cache/tools (once)

$(HELM3):
	GOBIN=$(@D) $(GO) install helm.sh/helm/v3/cmd/helm@$(HELM3_VERSION)

$(HELM4):
	GOBIN=$(@D) $(GO) install helm.sh/helm/v4/cmd/helm@$(HELM4_VERSION)

$(KUSTOMIZE):
	GOBIN=$(@D) $(GO) install sigs.k8s.io/kustomize/kustomize/v5@$(KUSTOMIZE_VERSION)

$(REGISTRY_SERVER):
	GOBIN=$(@D) $(GO) install github.com/distribution/distribution/v3/cmd/registry@$(REGISTRY_VERSION)

# test/apiuser is a module of its own, the public Go API as a controller's
# tests use it (replace => ../..), so ./... above does not reach it. Its
# go.sum is committed: it needs nothing beyond the module cache the build
# filled.
apiuser: ## the public API's outside user: vet and test the module test/apiuser
	cd test/apiuser && GOFLAGS='-mod=mod $(GOFLAGS)' $(GO) vet ./...
	cd test/apiuser && GOFLAGS='-mod=mod $(GOFLAGS)' $(GO) test ./...

# tools/release is a module of its own: it signs with Helm 4's own
# pkg/provenance, and neither Helm 4 nor oras-go belongs in the module of
# the two binaries. Its go.sum is committed.
release-tool: ## vet and test the release tool, the module tools/release
	cd tools/release && $(GO) vet ./...
	cd tools/release && $(GO) test ./...

# When the root go.mod changes what the API links, test/apiuser's go.mod and
# go.sum follow: seeded from the root go.sum and tidied from the module
# cache, without the network.
apiuser-tidy: ## refresh test/apiuser's go.mod and go.sum from the root module's (offline)
	cp go.sum test/apiuser/go.sum
	cd test/apiuser && GOFLAGS='-mod=mod $(GOFLAGS)' GOPROXY=off $(GO) mod tidy

# -timeout 30m: test/dist runs make dist (a -trimpath build of both binaries)
# inside the test, which alone can pass go test's default 10m on a busy machine.
test: vet build tools ## vet and gofmt first, then all tests, the end-to-end ones against real helm 3/4 and kustomize included
	$(E2E_ENV) $(GO) test -timeout 30m ./...
	$(MAKE) --no-print-directory apiuser
	$(MAKE) --no-print-directory release-tool

e2e: build tools ## only the end-to-end tests (test/e2e and test/dist)
	$(E2E_ENV) $(GO) test -timeout 30m -count=1 -v ./test/e2e/ ./test/dist/

# The Go files gofmt checks: not the tools cache (a symlink in a worktree),
# bin/, or testdata/ and vendor/ trees, which hold inputs (other people's
# code as it is); go vet ./... leaves the same out.
GOFMT_FIND := find . \( -name .cache -o -name .git -o -name bin -o -name testdata -o -name vendor \) -prune \
	-o -name '*.go' -type f -print0

vet: ## go vet and gofmt: any finding or unformatted file fails
	$(GO) vet ./...
	@out=$$($(GOFMT_FIND) | xargs -0 -r gofmt -l); \
	if [ -n "$$out" ]; then echo "gofmt needed (run gofmt -w):"; echo "$$out"; exit 1; fi

fuzz: ## run every Fuzz target under internal/ for FUZZTIME (default 30s) each
	@found=0; \
	for file in $$(grep -rl --include='*_test.go' '^func Fuzz' internal); do \
		pkg=./$$(dirname "$$file"); \
		for target in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$$file"); do \
			found=1; \
			echo "== $$pkg $$target ($(FUZZTIME))"; \
			$(GO) test "$$pkg" -run='^$$' -fuzz="^$$target\$$" -fuzztime=$(FUZZTIME); \
		done; \
	done; \
	if [ "$$found" = 0 ]; then echo "no Fuzz targets under internal/"; fi

demo: build $(filter $(TOOLS)/%,$(DEMO_HELM)) ## show render and check on the bundled fixtures
	@ENVCONTRACT_BIN=$(BIN) HELM=$(DEMO_HELM) GO=$(GO) bash scripts/demo.sh

clean: ## remove bin/, dist/ and the tools cache
	rm -rf bin dist $(dir $(PLUGIN_RENDER)) .cache

# Release (issue 16): both plugins as archives of prebuilt binaries, so that
# installing needs neither Go nor make. `make dist VERSION=1.2.3` builds
# every platform of PLATFORMS stripped and reproducibly (-trimpath, no VCS
# stamp, fixed entry times and order in the archives) and writes
# dist/envcontract-1.2.3.tgz, dist/envcontract-render-1.2.3.tgz and
# dist/checksums.txt; with SIGN_KEY=NAME KEYRING=FILE (a secret keyring, as
# `helm plugin package --sign` takes; PASSPHRASE_FILE for an encrypted key)
# a .prov beside each archive. `make publish-oci VERSION=1.2.3
# REGISTRY=host:port[/path]` pushes what make dist wrote (PLAIN_HTTP=1 for a
# registry without TLS; OCI_USERNAME/OCI_PASSWORD or a docker login for one
# that wants a login).
PLATFORMS         ?= linux/amd64 linux/arm64 darwin/amd64 darwin/arm64
DIST              ?= $(CURDIR)/dist
DIST_BUILD        ?= $(CURDIR)/bin/dist
DIST_VERSION       = $(patsubst v%,%,$(VERSION))
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
RELEASE_FLAGS      = -trimpath -buildvcs=false \
	-ldflags '-s -w -X main.version=$(DIST_VERSION) -X main.commit=$(COMMIT)'
RELEASE_TOOL       = $(CURDIR)/bin/release

.PHONY: dist publish-oci

dist: ## release archives in dist/: make dist VERSION=x.y.z [SIGN_KEY=NAME KEYRING=FILE] [PLATFORMS="linux/amd64 ..."]
	cd tools/release && $(GO) build -o $(RELEASE_TOOL) .
	rm -rf $(DIST_BUILD)
	for p in $(PLATFORMS); do \
		out=$(DIST_BUILD)/$${p%/*}-$${p#*/}; \
		echo "build $$p"; \
		CGO_ENABLED=0 GOOS=$${p%/*} GOARCH=$${p#*/} $(GO) build $(RELEASE_FLAGS) -o $$out/envcontract ./cmd/envcontract; \
		CGO_ENABLED=0 GOOS=$${p%/*} GOARCH=$${p#*/} $(GO) build $(RELEASE_FLAGS) -o $$out/envcontract-render ./cmd/envcontract-render; \
	done
	rm -rf $(DIST)
	$(RELEASE_TOOL) pack -version '$(DIST_VERSION)' -bin $(DIST_BUILD) -out $(DIST) -platforms '$(PLATFORMS)' \
		-epoch $(SOURCE_DATE_EPOCH) $(if $(SIGN_KEY),-key '$(SIGN_KEY)' -keyring '$(KEYRING)') \
		$(if $(PASSPHRASE_FILE),-passphrase-file '$(PASSPHRASE_FILE)')

publish-oci: ## push dist/ to an OCI registry: make publish-oci VERSION=x.y.z REGISTRY=host:port[/path] [PLAIN_HTTP=1]
	@test -n '$(REGISTRY)' || { echo 'make publish-oci needs REGISTRY=host:port[/path]' >&2; exit 2; }
	cd tools/release && $(GO) build -o $(RELEASE_TOOL) .
	$(RELEASE_TOOL) push -version '$(DIST_VERSION)' -dir $(DIST) -registry '$(REGISTRY)' \
		-epoch $(SOURCE_DATE_EPOCH) $(if $(PLAIN_HTTP),-plain-http)

# Performance (issue 7; BENCHMARKS.md has the numbers and how to read them).
BENCHTIME  ?= 1s
BENCH_RUNS ?= 5
BENCH_ARGS ?=

.PHONY: bench bench-compare bench-big

bench: ## Go benchmarks with -benchmem: read, split, decode, edit, encode, render, contract load, validate, lint, the post-renderer on the fixture chart
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) \
		./internal/stream/ ./internal/envedit/ ./internal/render/ ./internal/contract/ ./internal/valueschema/ ./internal/lint/ \
		./cmd/envcontract-render/

bench-compare: build $(KUSTOMIZE) $(HELM3) $(HELM4) ## time render against kustomize, the decode floor, helm template and separate validate runs
	$(GO) build -o $(CURDIR)/bin/floor ./bench/floor
	$(GO) run ./bench/compare -bin $(BIN) -render $(RENDER) -floor $(CURDIR)/bin/floor -kustomize $(KUSTOMIZE) -helm $(HELM3) -helm4 $(HELM4) \
		-runs $(BENCH_RUNS) $(BENCH_ARGS)

bench-big: build ## peak RSS of render and check -o sarif on the big inputs of issue 17 (BENCHMARKS.md)
	scripts/bigmem.sh
