#!/usr/bin/env bash
# setup-engine.sh installs podman with runc on a fresh Debian machine, serves
# the Docker API on a unix socket and waits until that socket answers.
# It is idempotent: run it as often as you like.
#
# Usage (as root):
#   bash harness/broker/container/setup-engine.sh
# then, in the shell that runs the tests:
#   export DOCKER_HOST=unix:///run/podman/podman.sock
#   export TESTCONTAINERS_RYUK_DISABLED=true
#   export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
#
# Why these settings: this sandbox has no systemd and limited cgroups, so
# podman runs containers with runc and manages cgroups itself (cgroupfs);
# default_ulimits=[] stops podman from setting an nofile limit the sandbox
# refuses; events go to a file since there is no journald. Ryuk (testcontainers' reaper) is disabled because the harness
# removes its containers itself. TESTCONTAINERS_HOST_OVERRIDE keeps all
# traffic on loopback: the sandbox has /.dockerenv, so testcontainers would
# otherwise dial the podman bridge gateway.
set -euo pipefail

sock=/run/podman/podman.sock
log=/run/podman/service.log
conf=/etc/containers/containers.conf

if ! command -v podman >/dev/null || ! command -v runc >/dev/null; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends podman runc uidmap slirp4netns \
		containernetworking-plugins iptables fuse-overlayfs >/dev/null
fi

mkdir -p /etc/containers /run/podman
# Written whole rather than edited, so a second run yields the same file
# (Debian's podman ships its defaults in /usr/share/containers instead).
cat >"$conf" <<'CONF'
# Written by kafkacheck's harness/broker/container/setup-engine.sh.
[containers]
default_ulimits = []

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF

# answers reports whether the Docker API answers on the socket.
answers() {
	curl -fsS --max-time 2 --unix-socket "$sock" http://d/_ping >/dev/null 2>&1
}

# services lists the pids of podman API services on the socket.
services() {
	pgrep -f "podman system service .*unix://$sock" || true
}

# A service whose working directory was removed (it was started from a
# clone since deleted) still answers /_ping, but conmon, which inherits
# that directory, fails every container start ("Failed to get working
# directory" in its log, "write child: broken pipe" to the client).
for pid in $(services); do
	if [[ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" == *" (deleted)" ]]; then
		echo "setup-engine: restarting the podman API service (pid $pid): the folder it was started from is gone" >&2
		kill "$pid"
		deadline=$((SECONDS + 10))
		while kill -0 "$pid" 2>/dev/null; do
			if ((SECONDS >= deadline)); then
				kill -9 "$pid" 2>/dev/null || true
				break
			fi
			sleep 0.1 # polling a condition with a deadline, not waiting blindly
		done
	fi
done

if ! answers; then
	rm -f "$sock"
	# setsid: the service outlives this script and the shell that ran it.
	# cd /: it must not keep a folder that may be removed (see above).
	(cd / && setsid podman system service --time=0 "unix://$sock" >"$log" 2>&1 </dev/null &)
	deadline=$((SECONDS + 30))
	until answers; do
		if ((SECONDS >= deadline)); then
			echo "setup-engine: podman API on $sock did not answer /_ping within 30s; service log:" >&2
			tail -n 20 "$log" >&2 || true
			exit 1
		fi
		sleep 0.2 # polling a condition with a deadline, not waiting blindly
	done
fi
echo "setup-engine: podman $(podman --version | awk '{print $3}') serving the Docker API on unix://$sock"
