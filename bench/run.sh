#!/usr/bin/env bash
# jtunnel vs stunnel4 benchmark: builds, then runs both tunnels with the same stunnel.conf under the same load and
# prints the figures side by side (see BENCHMARKS.md). Usage: bench/run.sh [--quick]
#   --quick        small counts: a smoke run of about 5 minutes (most of it waiting for TIME_WAIT to expire)
#   BENCH_NO_BUILD=1  skip the Maven build (use the jar and classes already built)
set -euo pipefail
cd "$(dirname "$0")/.."

quick=()
for arg in "$@"; do
  case "$arg" in
    --quick) quick=(--quick) ;;
    *) echo "usage: bench/run.sh [--quick]" >&2; exit 2 ;;
  esac
done

stunnel=$(command -v stunnel4 || command -v stunnel || true)
if [ -z "$stunnel" ]; then
  echo "stunnel4 is not installed: apt-get install -y stunnel4" >&2
  exit 1
fi

if [ -z "${BENCH_NO_BUILD:-}" ]; then
  # the machine is shared: one Maven build at a time
  flock /tmp/jtunnel-mvn.lock mvn -B -q -DskipTests package
fi

# 10,000 concurrent connections need 2 descriptors each in the tunnel: raise the limit as far as allowed
hard=$(ulimit -Hn)
if [ "$hard" = unlimited ] || [ "$hard" -ge 65536 ]; then ulimit -n 65536; else ulimit -n "$hard"; fi

# the tunnel gets the last core to itself; the generator and the upstream share the others
cores=$(nproc)
pin=()
gen=()
if [ "$cores" -ge 2 ]; then
  tunnel_cpu=$((cores - 1))
  load_cpus="0-$((cores - 2))"
  pin=(--tunnel-cpu="$tunnel_cpu" --load-cpus="$load_cpus" --all-cpus="0-$((cores - 1))")
  gen=(taskset -c "$load_cpus")
fi

# jtunnel as it ships: the packaged launcher (bundled runtime, the launcher's JVM options) when it was built
launcher=()
for candidate in packaging/target/jtunnel-*/bin/jtunnel; do
  if [ -x "$candidate" ]; then
    launcher=(--launcher="$candidate")
    # as the .deb's postinst does at install: record the classes a start loads (class-data sharing)
    "$candidate" selftest --write-cds-archive >/dev/null
  fi
done

exec "${gen[@]}" java -cp "bench/target/classes:bench/target/lib/*" io.jtunnel.bench.Bench \
  --jar=app/target/jtunnel.jar "${launcher[@]}" --stunnel="$stunnel" --work=bench/target/run "${pin[@]}" "${quick[@]}"
