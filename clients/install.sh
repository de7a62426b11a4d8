#!/usr/bin/env bash
# Installs the clients of the client-compatibility matrix (see
# clients/matrix_test.go) on a fresh machine of the polyglot kind, as root,
# from this machine's registries only: Debian's packages, PyPI, npm, Maven
# Central and the Go module proxy. Idempotent: what is already installed is
# kept, so a second run takes seconds. Prints the versions installed and
# the time it took.
#
# KAFKACHECK_CACHE (default ~/.cache/kafkacheck) holds the Python virtual
# environments; pip, npm, Maven and Go keep their own caches (~/.cache/pip,
# ~/.npm, ~/.m2, the Go module cache).
set -euo pipefail
start=$SECONDS
here=$(cd "$(dirname "$0")" && pwd)
cache=${KAFKACHECK_CACHE:-$HOME/.cache/kafkacheck}

# Pinned: docs/client-matrix.md names the versions, so a newer release must
# be a reviewed change here, not a surprise in CI.
kafka_python=3.0.12
confluent_kafka=2.16.1

step() { printf '\n=== %s (at %ds)\n' "$*" "$((SECONDS - start))"; }

step "Debian packages"
# Debian's python3-kafka (kafka-python 2.0.2) and python3-confluent-kafka
# (1.7 on librdkafka 2.0) are cells of the matrix in their own right: they
# are what a student gets from apt. The rest is only installed if missing,
# since the polyglot image brings its own Java, Node and Go.
packages=(python3-kafka python3-confluent-kafka python3-venv kcat jq libxml2-utils) # xmllint: harness/report's JUnit schema test
command -v java >/dev/null || packages+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || packages+=(maven)
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "already installed: ${packages[*]}"
fi
command -v go >/dev/null || { echo "install.sh: go is not on PATH; the matrix needs it" >&2; exit 1; }

step "Python virtual environments (PyPI) in $cache/venvs"
# venv NAME REQUIREMENT CHECK: (re)creates the venv unless CHECK passes in it.
venv() {
  local dir=$cache/venvs/$1
  if "$dir/bin/python" -c "$3" 2>/dev/null; then
    echo "$1: up to date"
    return
  fi
  rm -rf "$dir"
  # Debian's interpreter, so that the venvs do not depend on a pyenv build.
  /usr/bin/python3 -m venv "$dir"
  "$dir/bin/pip" install -q --disable-pip-version-check "$2"
}
venv kafka-python "kafka-python==$kafka_python" \
  "import kafka; assert kafka.__version__ == '$kafka_python'"
venv confluent-kafka "confluent-kafka==$confluent_kafka" \
  "import confluent_kafka; assert confluent_kafka.__version__ == '$confluent_kafka'"

step "kafkajs (npm ci)"
(cd "$here/kafkajs" && npm ci --no-audit --no-fund --prefer-offline --loglevel=error)

step "Java kafka-clients (mvn package)"
jar=$here/java/target/kafkacheck-java-app.jar
if [ -f "$jar" ] && [ -z "$(find "$here/java/pom.xml" "$here/java/src" -newer "$jar" -print -quit)" ]; then
  echo "up to date: $jar"
else
  # Offline first: with ~/.m2 filled by an earlier run it needs no network.
  (cd "$here/java" && { mvn -q -B -o -Dstyle.color=never package 2>/dev/null ||
    mvn -q -B -Dstyle.color=never package; })
fi

step "sarama (go build, module kafkacheck-clients/sarama)"
(cd "$here/sarama" && go build -o sarama-app .)

step "versions"
venvs=$cache/venvs
/usr/bin/python3 "$here/python/kafka_python_app.py" --version
"$venvs/kafka-python/bin/python" "$here/python/kafka_python_app.py" --version
/usr/bin/python3 "$here/python/confluent_app.py" --version
"$venvs/confluent-kafka/bin/python" "$here/python/confluent_app.py" --version
bash "$here/kcat/kcat_app.sh" --version
"$here/sarama/sarama-app" -version
java -jar "$jar" --version 2>/dev/null
node "$here/kafkajs/app.js" --version
(cd "$here/.." && echo "franz-go $(go list -m -f '{{.Version}}' github.com/twmb/franz-go) (kafkacheck client)")

printf '\nclients installed in %ds\n' "$((SECONDS - start))"
