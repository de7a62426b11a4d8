# The README documents every target. `make test` is the fast check (kfake
# only); `make test-kafka` adds the real Apache Kafka in a container.

GO ?= go
STATICCHECK ?= $(shell $(GO) env GOPATH)/bin/staticcheck

KAFKA_IMAGE ?= localhost/kafkacheck-kafka:3.9.1
# What testcontainers-go needs to drive podman here, all on loopback.
CONTAINER_ENV = DOCKER_HOST=$${DOCKER_HOST:-unix:///run/podman/podman.sock} \
	TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 \
	KAFKACHECK_KAFKA_IMAGE=$(KAFKA_IMAGE)

.PHONY: run test bench lint kafka-image test-kafka

## run: the built-in suite against the reference client on an embedded broker
run:
	$(GO) run ./cmd/kafkacheck

## test: every test, with the race detector
test:
	$(GO) test -race ./...

## kafka-image: podman and the local Apache Kafka image (skipped when up to date)
kafka-image:
	bash harness/broker/container/setup-engine.sh
	KAFKACHECK_KAFKA_IMAGE=$(KAFKA_IMAGE) bash harness/broker/container/image/build.sh

## test-kafka: the container backend's tests and the built-in suite on real Kafka
test-kafka: kafka-image
	$(CONTAINER_ENV) KAFKACHECK_REQUIRE_CONTAINER=1 $(GO) test -race -count=1 ./harness/broker/...
	$(CONTAINER_ENV) $(GO) run ./cmd/kafkacheck suite --backend container

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
