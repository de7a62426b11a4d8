# The README documents every target. `make test` is the fast check (kfake
# only); `make test-kafka` adds the real Apache Kafka in a container.

GO ?= go
STATICCHECK ?= $(shell $(GO) env GOPATH)/bin/staticcheck

.PHONY: run test bench lint staticcheck

## run: the built-in suite against the reference client on an embedded broker
run:
	$(GO) run ./cmd/kafkacheck

## test: every test, with the race detector
test:
	$(GO) test -race ./...

## bench: the benchmarks (compare two runs with benchstat)
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 5 ./... | tee bench.out

## lint: gofmt, go vet and staticcheck
lint: $(STATICCHECK)
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...

$(STATICCHECK):
	$(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2
