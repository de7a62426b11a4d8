#!/usr/bin/env bash
# build.sh builds, on a fresh Debian machine with no image registry, a podman
# image of Apache Kafka that honours the official apache/kafka image's KAFKA_*
# environment interface, so the harness drives both with the same code:
#
#   a Debian bookworm minbase root with openjdk-17-jre-headless (debootstrap),
#   Kafka's jars and a logging binding from Maven Central (mvn),
#   our own /etc/kafka/docker/run translating KAFKA_* variables (see run).
#
# Usage (as root):  bash harness/broker/container/image/build.sh
# Environment:
#   KAFKACHECK_KAFKA_IMAGE  image name to build (default localhost/kafkacheck-kafka:3.9.1)
#   KAFKA_VERSION           Kafka version from Maven Central (default 3.9.1)
#   KAFKACHECK_REBUILD=1    build even if the image is up to date
#   DEBIAN_MIRROR           default: the machine's own first apt source
# The build is skipped when the image exists and was built from these files.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
version=${KAFKA_VERSION:-3.9.1}
image=${KAFKACHECK_KAFKA_IMAGE:-localhost/kafkacheck-kafka:$version}
case $image in
localhost/*) ;;
*)
	echo "build.sh: $image is not a local image (localhost/...): nothing to build, the engine pulls it"
	exit 0
	;;
esac

# The engine is needed to look the image up, and to record the CDS archives.
bash "$here/../setup-engine.sh" >/dev/null

# The image is labelled with a digest of what it is built from, so that a
# changed start script or dependency list rebuilds it and nothing else does.
inputs=$(cd "$here" && cat build.sh run pom.xml.in server.properties log4j.properties | sha256sum | cut -c1-16)
have=$(podman image inspect -f '{{index .Labels "org.kafkacheck.inputs"}}' "$image" 2>/dev/null || true)
if [[ ${KAFKACHECK_REBUILD-} != 1 && $have == "$inputs" ]]; then
	echo "build.sh: $image is up to date; skipping the build (KAFKACHECK_REBUILD=1 forces it)"
	exit 0
fi

need=()
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v mvn >/dev/null || need+=(maven)
if ((${#need[@]})); then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

mirror=${DEBIAN_MIRROR:-$(grep -hoE '^URIs: *[^ ]+' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 | awk '{print $2}')}
if [[ -z $mirror ]]; then
	mirror=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
fi
if [[ -z $mirror ]]; then
	echo "build.sh: no apt source found on this machine; set DEBIAN_MIRROR to the Debian mirror debootstrap should use" >&2
	exit 2
fi

work=$(mktemp -d /var/tmp/kafkacheck-image.XXXXXX)
trap 'rm -rf --one-file-system "$work"' EXIT # widened below once there is more to clean
root=$work/root
start=$SECONDS

echo "build.sh: debootstrap bookworm minbase with openjdk-17-jre-headless from $mirror"
debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
	tail -n 30 "$work/debootstrap.log" >&2
	exit 1
}
# What a broker never reads: keeps the image smaller and the import faster.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* \
	"$root"/usr/share/doc "$root"/usr/share/man "$root"/usr/share/locale

echo "build.sh: Kafka $version jars from Maven Central (at $((SECONDS - start)) s)"
sed "s/@KAFKA_VERSION@/$version/g" "$here/pom.xml.in" >"$work/pom.xml"
mkdir -p "$root/opt/kafka/libs" "$root/etc/kafka/docker" "$root/var/lib/kafka/data"
mvn -B -q -f "$work/pom.xml" dependency:copy-dependencies \
	-DincludeScope=runtime -DoutputDirectory="$root/opt/kafka/libs" >"$work/mvn.log" 2>&1 || {
	tail -n 30 "$work/mvn.log" >&2
	exit 1
}

install -m 0755 "$here/run" "$root/etc/kafka/docker/run"
install -m 0644 "$here/server.properties" "$here/log4j.properties" "$root/etc/kafka/docker/"

base=$image-base
train=kafkacheck-cds-train-$$
trap 'podman rm -f -t 0 "$train" >/dev/null 2>&1 || true; podman rmi "$base" >/dev/null 2>&1 || true; rm -rf --one-file-system "$work"' EXIT

echo "build.sh: podman import as $base (at $((SECONDS - start)) s)"
tar -C "$root" -c . | podman import --quiet \
	--change 'CMD ["/etc/kafka/docker/run"]' \
	--change 'EXPOSE 9092' \
	--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
	--change "LABEL org.opencontainers.image.version=$version" \
	--change "LABEL org.kafkacheck.inputs=$inputs" \
	- "$base" >/dev/null

# Record class-data sharing archives by starting the broker once (plaintext,
# loopback, no port published) and stopping it: the JVM writes them at exit.
# The data dir is a tmpfs so that no formatted storage lands in the image.
echo "build.sh: recording class-data sharing archives (at $((SECONDS - start)) s)"
podman run -d --name "$train" --network none --tmpfs /var/lib/kafka/data:rw,mode=1777 \
	-e KAFKACHECK_CDS_DUMP=1 -e KAFKA_NODE_ID=1 -e KAFKA_PROCESS_ROLES=broker,controller \
	-e KAFKA_CONTROLLER_QUORUM_VOTERS=1@localhost:9093 -e KAFKA_CONTROLLER_LISTENER_NAMES=CONTROLLER \
	-e KAFKA_LISTENERS=PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093 \
	-e KAFKA_LOG_DIRS=/var/lib/kafka/data -e KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=1 \
	"$base" >/dev/null
deadline=$((SECONDS + 120))
until podman logs "$train" 2>&1 | grep -q 'Kafka Server started'; do
	if ((SECONDS >= deadline)) || [[ $(podman inspect -f '{{.State.Running}}' "$train") != true ]]; then
		echo "build.sh: training broker did not log 'Kafka Server started' within 120 s; its log:" >&2
		podman logs "$train" 2>&1 | tail -n 30 >&2
		exit 1
	fi
	sleep 0.2 # polling a condition with a deadline
done
podman stop -t 60 "$train" >/dev/null
ctx=$work/cds
mkdir -p "$ctx"
podman cp "$train:/opt/kafka/storage.jsa" "$ctx/storage.jsa"
podman cp "$train:/opt/kafka/kafka.jsa" "$ctx/kafka.jsa"
printf 'FROM %s\nCOPY storage.jsa kafka.jsa /opt/kafka/\n' "$base" >"$ctx/Containerfile"
old=$(podman image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
podman build --quiet --network none -t "$image" -f "$ctx/Containerfile" "$ctx" >/dev/null
if [[ -n $old ]]; then
	podman rmi "$old" >/dev/null 2>&1 || true # the rebuilt image's predecessor, now untagged
fi
echo "build.sh: built $image in $((SECONDS - start)) s"
