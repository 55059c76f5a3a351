#!/usr/bin/env python3
"""Start-up probe for docs/BENCHMARKS.md ("Start-up"): spawns `potluck run --config CONFIG`, times spawn -> first
answered mining.subscribe on the config's Stratum port, reads the pool's CPU time at that moment and its RSS after
IDLE seconds, then stops it with SIGTERM. Configurations (JVM flag strings) run interleaved, one run of each per round,
so that the load of a shared machine falls on all of them alike. Every wait is bounded.

  POTLUCK_JAR=potluck-cli/target/potluck.jar POTLUCK_PORT=3333 \
    potluck-bench/startup-probe.py CONFIG ROUNDS IDLE_S "-Xmn32m" "-Xmn32m -XX:AOTCache=potluck.aot" ...
"""
import os, shutil, signal, socket, statistics, subprocess, sys, time

JAVA = os.environ.get("POTLUCK_JAVA", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
JAR = os.environ.get("POTLUCK_JAR", "potluck-cli/target/potluck.jar")
PORT = int(os.environ.get("POTLUCK_PORT", "3333"))
DATA_DIR = os.environ.get("POTLUCK_DATA_DIR")  # emptied before each run: every start is a first start


def once(config, flags, idle):
    if DATA_DIR:
        shutil.rmtree(DATA_DIR, ignore_errors=True)
    cmd = [JAVA, "--enable-native-access=ALL-UNNAMED", *flags, "-jar", JAR, "run", "--config", config]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ready = cpu = rss = None
    while ready is None and time.monotonic() - t0 < 60 and p.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=5) as s:
                s.sendall(b'{"id":1,"method":"mining.subscribe","params":["startup-probe"]}\n')
                s.settimeout(10)
                if s.recv(4096):
                    ready = (time.monotonic() - t0) * 1000
                    stat = open(f"/proc/{p.pid}/stat").read().rsplit(")", 1)[1].split()
                    cpu = (int(stat[11]) + int(stat[12])) * 1000 // os.sysconf("SC_CLK_TCK")
        except OSError:
            time.sleep(0.005)
    if ready is not None and idle > 0:
        time.sleep(idle)
        rss = next(int(l.split()[1]) // 1024 for l in open(f"/proc/{p.pid}/status") if l.startswith("VmRSS:"))
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(60)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    return ready, cpu, rss


def main():
    config, rounds, idle = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    configs = [flags.split() for flags in sys.argv[4:]] or [[]]
    runs = {i: [] for i in range(len(configs))}
    for _ in range(rounds):
        for i, flags in enumerate(configs):
            runs[i].append(once(config, flags, idle))
    for i, flags in enumerate(configs):
        started = [r for r in runs[i] if r[0] is not None]
        column = lambda k: [r[k] for r in started if r[k] is not None]
        median = lambda k: f"{statistics.median(column(k)):.0f}" if column(k) else "-"
        print(f"{' '.join(flags) or '(no flags)'}: {len(started)}/{rounds} started; "
              f"ready median {median(0)} ms {[round(v) for v in column(0)]}; "
              f"CPU to ready median {median(1)} ms {column(1)}; idle RSS median {median(2)} MB {column(2)}")


if __name__ == "__main__":
    main()
