package io.jtunnel.bench;

import io.jtunnel.certs.CertificateBuilder;
import io.jtunnel.certs.CertificateBundle;
import io.jtunnel.certs.KeyType;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark: one stunnel.conf, stunnel4 then jtunnel started with it (pinned to their own core), the same load
 * at each, and the figures side by side. Run it through {@code bench/run.sh}, which builds, raises the descriptor
 * limit and pins this JVM (the generator) to the other cores.
 */
public final class Bench {
    private final boolean quick;
    private final Path work;
    private final String jar;
    private final String launcher;
    private final String stunnel;
    private final String tunnelCpu;
    private final String loadCpus;
    private final String allCpus;
    private final long myPid = ProcessHandle.current().pid();
    private long upstreamPid;
    private int upstreamPort;
    private final List<String> notes = new ArrayList<>();
    private final List<String> tunnels;
    private final Long warmOverride;

    private Bench(Map<String, String> opts) {
        quick = opts.containsKey("quick");
        work = Path.of(opts.getOrDefault("work", "bench/target/run")).toAbsolutePath();
        jar = opts.getOrDefault("jar", "app/target/jtunnel.jar");
        // the packaged bin/jtunnel (its bundled runtime and JVM options), as users run it; else java -jar JAR
        launcher = opts.get("launcher");
        stunnel = opts.getOrDefault("stunnel", "/usr/bin/stunnel4");
        tunnelCpu = opts.get("tunnel-cpu");
        loadCpus = opts.get("load-cpus");
        allCpus = opts.get("all-cpus");
        tunnels = List.of(opts.getOrDefault("tunnels", "stunnel,jtunnel").split(","));
        warmOverride = opts.containsKey("warm-ms") ? Long.valueOf(opts.get("warm-ms")) : null;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String a : args) {
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unknown argument " + a);
            }
            int eq = a.indexOf('=');
            opts.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "" : a.substring(eq + 1));
        }
        new Bench(opts).run();
        System.exit(0);
    }

    // ---- scenario sizes

    private long warmMillis() {
        if (warmOverride != null) {
            return warmOverride;
        }
        return quick ? 500 : 5000;
    }

    /**
     * Handshake phases are counted, not timed: each tunnel then opens as many upstream connections, and leaves as many
     * TIME_WAIT sockets behind, as the other (they make the kernel's search for a free local port dearer).
     */
    private int handshakeCount() {
        return quick ? 400 : 3000;
    }

    /**
     * Warm-up handshakes (TLS 1.3; half as many TLS 1.2): a running service's steady state. After 4,000 (runs I-L)
     * jtunnel's compiler threads still took 12-17 % of its CPU in the measured TLS 1.3 phase; under openssl s_time
     * their share fell below 5 % only after about 8,000 handshakes.
     */
    private int warmHandshakes() {
        return quick ? 200 : 10_000;
    }

    /** When the RSS is read after the concurrent connections closed (their descriptors back): then, and later. */
    private static final long CLOSED_FIRST_MILLIS = 3_000;
    private static final long CLOSED_SETTLE_MILLIS = 20_000;

    /** An upper bound only, should a tunnel be very slow. */
    private static final long PHASE_LIMIT_MILLIS = 120_000;

    private long requestMillis() {
        return quick ? 2000 : 10_000;
    }

    private long bulkBytes() {
        return quick ? 64L << 20 : 1L << 30;
    }

    private int idleConnections() {
        return quick ? 200 : 2000;
    }

    /** 10,000, unless the descriptor limit cannot hold that many in stunnel (fd limit x 125/256 clients). */
    private int concurrentConnections() {
        long limit = openFileLimit();
        int fit = (int) Math.max(100, ((limit * 125 / 256) - 50) / 100 * 100);
        int wanted = quick ? 1000 : 10_000;
        if (fit < wanted) {
            notes.add("concurrent connections: " + fit + " instead of " + wanted + ": the open-files limit is " + limit
                + " and stunnel allows limit x 125/256 = " + (limit * 125 / 256) + " clients (jtunnel needs 2 per "
                + "connection); raise the hard limit (ulimit -Hn) to run " + wanted);
            return fit;
        }
        return wanted;
    }

    // ---- the run

    private void run() throws Exception {
        Files.createDirectories(work);
        int tunnelPort = freePort();
        upstreamPort = freePort();
        CertificateBundle ca = new CertificateBuilder().subject("CN=jtunnel bench CA").ca(true).build();
        CertificateBundle server = new CertificateBuilder().subject("CN=localhost").dnsName("localhost")
            .serverAuth().issuer(ca).build();
        CertificateBundle client = new CertificateBuilder().subject("CN=bench client").keyType(KeyType.EC_P256)
            .clientAuth().issuer(ca).build();
        Files.writeString(work.resolve("ca.pem"), ca.certificatePem());
        server.writeCombined(work.resolve("server.pem"), true);
        client.writeCombined(work.resolve("client.pem"), true); // for trying the tunnels by hand with s_client
        Path conf = work.resolve("stunnel.conf");
        Files.writeString(conf, String.join("\n",
            "; jtunnel benchmark: the same file for stunnel4 and jtunnel",
            "foreground = yes",
            "pid =",
            "syslog = no",
            "debug = notice",
            "",
            "[bench]",
            "accept = 127.0.0.1:" + tunnelPort,
            "connect = 127.0.0.1:" + upstreamPort,
            "cert = " + work.resolve("server.pem"),
            "CAfile = " + work.resolve("ca.pem"),
            "verifyChain = yes",
            ""));
        SslContext tls13 = clientContext(client, "TLSv1.3");
        SslContext tls12 = clientContext(client, "TLSv1.2");

        System.out.println("# jtunnel benchmark " + (quick ? "(--quick) " : "")
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
        System.out.println("config: " + conf + " (server RSA-2048 issued by a bench CA; client EC P-256; "
            + "verifyChain = yes)");
        System.out.println("pinning: " + (tunnelCpu == null ? "none (fewer than 2 cores)"
            : "tunnel on CPU " + tunnelCpu + ", generator and upstream on CPU " + loadCpus));
        System.out.println("open-files limit: " + openFileLimit());

        Process upstream = startUpstream(upstreamPort);
        upstreamPid = upstream.pid();
        Map<String, Map<String, Double>> figures = new LinkedHashMap<>();
        Map<String, String> logs = new LinkedHashMap<>();
        int concurrent = concurrentConnections();
        try (Generator gen = new Generator(new InetSocketAddress("127.0.0.1", tunnelPort), 1)) {
            warmGenerator(gen, conf, tls13, tls12);
            for (String tunnel : tunnels) {
                List<String> tunnelCommand = tunnel.equals("stunnel") ? List.of(stunnel, conf.toString())
                    : launcher != null ? List.of(launcher, conf.toString())
                    : List.of("java", "-jar", jar, conf.toString());
                List<String> command = onCpus(tunnelCpu, tunnelCommand);
                // a child inherits this JVM's affinity (the load's cores): "not pinned" has to widen it again
                List<String> unpinned = onCpus(allCpus, tunnelCommand);
                System.out.println("\n## " + tunnel + ": " + String.join(" ", command));
                awaitNoTimeWait();
                Path log = work.resolve(tunnel + ".log");
                // first, while the machine is as quiet as for the pinned start below
                double unpinnedStartup = unpinnedStartupMillis(unpinned, work.resolve(tunnel + "-startup.log"), gen,
                    tls13);
                Map<String, Double> measured = measure(command, log, gen, tls13, tls12, concurrent);
                measured.put("startup.unpinned.ms", unpinnedStartup);
                figures.put(tunnel, measured);
                logs.put(tunnel, logSummary(log));
            }
        } finally {
            upstream.destroy();
            upstream.waitFor(5, TimeUnit.SECONDS);
        }
        Report report = report(figures, concurrent);
        System.out.println("\n## Results (ratio = jtunnel / stunnel; CPU is the tunnel process's utime+stime)\n");
        System.out.print(report.table());
        for (var e : logs.entrySet()) {
            System.out.println("\n" + e.getKey() + " log: " + e.getValue());
        }
        for (String note : notes) {
            System.out.println("note: " + note);
        }
        Path tsv = work.resolve("results.tsv");
        Files.writeString(tsv, report.tsv());
        System.out.println("\ntable also in " + tsv);
    }

    /** The command run on the given CPUs (taskset), or as it is when no CPUs are given. */
    private static List<String> onCpus(String cpus, List<String> command) {
        if (cpus == null) {
            return command;
        }
        List<String> pinned = new ArrayList<>(List.of("taskset", "-c", cpus));
        pinned.addAll(command);
        return pinned;
    }

    /**
     * Warms the generator's own JIT and TLS code against a throwaway stunnel, so that neither tunnel's figures (start-up
     * time above all) carry the generator's cold start.
     */
    private void warmGenerator(Generator gen, Path conf, SslContext tls13, SslContext tls12) throws Exception {
        List<String> command = onCpus(tunnelCpu, List.of(stunnel, conf.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(work.resolve("warm-up.log").toFile()).start();
        try {
            if (gen.firstAnswer(tls13, System.nanoTime(), 30_000) < 0) {
                throw new IllegalStateException("stunnel did not answer within 30 s; see " + work.resolve("warm-up.log"));
            }
            gen.handshakes(tls13, 16, warmMillis(), Integer.MAX_VALUE, Generator.Meter.NONE);
            gen.handshakes(tls12, 16, warmMillis() / 2, Integer.MAX_VALUE, Generator.Meter.NONE);
            gen.requests(tls13, 16, warmMillis() / 2, Generator.Meter.NONE);
            gen.bulk(tls13, 2, bulkBytes() / 8, Generator.Meter.NONE);
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        pause(500);
    }

    private Map<String, Double> measure(List<String> command, Path log, Generator gen, SslContext tls13,
                                        SslContext tls12, int concurrent) throws Exception {
        Map<String, Double> f = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Process tunnel = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long pid = tunnel.pid();
        try {
            long startup = gen.firstAnswer(tls13, t0, 30_000);
            if (startup < 0) {
                throw new IllegalStateException("the tunnel did not answer within 30 s; see " + log);
            }
            f.put("startup.ms", (double) startup);
            f.put("startup.rss", rssMb(pid));

            // warm-up: JIT for jtunnel, caches and allocator pools for both; not measured
            gen.handshakes(tls13, 16, PHASE_LIMIT_MILLIS, warmHandshakes(), Generator.Meter.NONE);
            gen.handshakes(tls12, 16, PHASE_LIMIT_MILLIS, warmHandshakes() / 2, Generator.Meter.NONE);
            gen.requests(tls13, 16, warmMillis(), Generator.Meter.NONE);
            gen.bulk(tls13, 2, bulkBytes() / 4, Generator.Meter.NONE);
            // the warm-up's closed upstream connections would make the measured connects dearer (see awaitNoTimeWait)
            awaitNoTimeWait();
            f.put("heap.warm", liveHeapMb(pid, command, log.resolveSibling(log.getFileName() + ".histo-warm.txt")));

            f.put("hs13.tw", (double) ProcStat.timeWaitTo(upstreamPort));
            scenario(f, "hs13", pid, m -> gen.handshakes(tls13, 32, PHASE_LIMIT_MILLIS, handshakeCount(), m));
            f.put("hs12.tw", (double) ProcStat.timeWaitTo(upstreamPort));
            scenario(f, "hs12", pid, m -> gen.handshakes(tls12, 32, PHASE_LIMIT_MILLIS, handshakeCount(), m));
            scenario(f, "req", pid, m -> gen.requests(tls13, 64, requestMillis(), m));
            scenario(f, "bulk1", pid, m -> gen.bulk(tls13, 1, bulkBytes(), m));
            scenario(f, "bulk8", pid, m -> gen.bulk(tls13, 8, bulkBytes() / 8, m));

            // idle connections: RSS delta, the same method for both tunnels (no forced GC)
            pause(2000);
            int idle = idleConnections();
            Generator.Outcome idleOut = new Generator.Outcome();
            long before = ProcStat.rssKib(pid);
            List<ClientConn> conns = gen.openMany(tls13, idle, 32, idleOut);
            pause(2000);
            long with = ProcStat.rssKib(pid);
            f.put("idle.errors", (double) idleOut.errors.get());
            f.put("idle.kb", (with - before) / (double) conns.size());
            f.put("idle.rss", with / 1024.0);
            gen.closeAll(conns, idleOut);
            report("idle", idleOut);

            // concurrent connections: all open at once, one more exchange on each, then all closed
            pause(2000);
            Generator.Outcome out = new Generator.Outcome();
            long rssBefore = ProcStat.rssKib(pid);
            int fdsBefore = ProcStat.openFds(pid);
            long cpu0 = ProcStat.cpuMillis(pid);
            long w0 = System.nanoTime();
            conns = gen.openMany(tls13, concurrent, 64, out);
            double openSeconds = (System.nanoTime() - w0) / 1e9;
            long answered = gen.roundTrip(conns, out);
            long rssWith = ProcStat.rssKib(pid);
            int fdsWith = ProcStat.openFds(pid);
            gen.closeAll(conns, out);
            long cpu1 = ProcStat.cpuMillis(pid);
            waitForFds(pid, fdsBefore, 15_000);
            pause(CLOSED_FIRST_MILLIS);
            long rssAfter = ProcStat.rssKib(pid);
            int fdsAfter = ProcStat.openFds(pid);
            f.put("conc.errors", (double) (out.errors.get() + (concurrent - answered)));
            f.put("conc.open.s", openSeconds);
            f.put("conc.cpu.ms", (cpu1 - cpu0) / (double) concurrent);
            f.put("conc.rss.before", rssBefore / 1024.0);
            f.put("conc.rss.with", rssWith / 1024.0);
            f.put("conc.rss.after", rssAfter / 1024.0);
            f.put("conc.rss.growth", (rssAfter - rssBefore) / 1024.0);
            // jtunnel gives memory back a few seconds after a burst (MemoryReturn, native heap trimming)
            pause(CLOSED_SETTLE_MILLIS);
            long rssLater = ProcStat.rssKib(pid);
            f.put("conc.rss.later", rssLater / 1024.0);
            f.put("conc.rss.growth.later", (rssLater - rssBefore) / 1024.0);
            f.put("conc.fds.with", (double) fdsWith);
            f.put("conc.fds.left", (double) (fdsAfter - fdsBefore));
            report("concurrent " + concurrent + " (answered " + answered + ", fds with " + fdsWith + ")", out);

            f.put("end.rss", rssMb(pid));
            f.put("heap.end", liveHeapMb(pid, command, log.resolveSibling(log.getFileName() + ".histo-end.txt")));
            f.put("end.hwm", ProcStat.statusKib(Files.readString(Path.of("/proc/" + pid + "/status")), "VmHWM")
                / 1024.0);
            f.put("end.cpu.s", ProcStat.cpuMillis(pid) / 1000.0);
            f.put("end.threads", (double) ProcStat.statusKib(
                Files.readString(Path.of("/proc/" + pid + "/status")), "Threads"));
        } finally {
            tunnel.destroy();
            if (!tunnel.waitFor(10, TimeUnit.SECONDS)) {
                notes.add(command + " did not stop within 10 s of SIGTERM; killed");
                tunnel.destroyForcibly().waitFor();
            }
        }
        return f;
    }

    /**
     * Start-up as a tunnel is deployed, not pinned: a JVM's compiler threads then run beside its main thread. The
     * median of three starts, each stopped after its first answer.
     */
    private static double unpinnedStartupMillis(List<String> command, Path log, Generator gen, SslContext tls13)
        throws Exception {
        long[] times = new long[3];
        for (int i = 0; i < times.length; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                times[i] = gen.firstAnswer(tls13, t0, 30_000);
            } finally {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            }
            if (times[i] < 0) {
                throw new IllegalStateException("the tunnel did not answer within 30 s; see " + log);
            }
        }
        Arrays.sort(times);
        return times[1];
    }

    /**
     * Waits (at most 70 s; Linux keeps a TIME_WAIT socket 60 s) until no socket toward the upstream is in TIME_WAIT, so
     * that each tunnel starts from the same state: the earlier one's closed upstream connections would otherwise make
     * the later one's connects search longer for a free local port (seen in a profile as 27 % of jtunnel's CPU).
     */
    private void awaitNoTimeWait() throws InterruptedException {
        int left = ProcStat.timeWaitTo(upstreamPort);
        if (left == 0) {
            return;
        }
        System.out.println("  waiting for " + left + " TIME_WAIT socket(s) toward the upstream to expire");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(70);
        while (left > 0 && System.nanoTime() < deadline) {
            pause(1000);
            left = ProcStat.timeWaitTo(upstreamPort);
        }
        if (left > 0) {
            notes.add(left + " TIME_WAIT socket(s) toward the upstream were still there after 70 s of waiting");
        }
    }

    /** A JVM's JIT compiler threads, by their (truncated) Linux thread names. */
    private static final String[] JIT_THREADS = {"C1 CompilerThre", "C2 CompilerThre"};

    /** One measured scenario: CPU of the tunnel, the generator and the upstream between the meter's start and stop. */
    private void scenario(Map<String, Double> f, String key, long pid, Scenario body) {
        long[] t = new long[12];
        Generator.Meter meter = new Generator.Meter() {
            @Override
            public void start() {
                t[0] = System.nanoTime();
                t[1] = ProcStat.cpuMillis(pid);
                t[2] = ProcStat.cpuMillis(myPid);
                t[3] = ProcStat.cpuMillis(upstreamPid);
                t[8] = ProcStat.systemMillis(pid);
                t[10] = ProcStat.threadCpuMillis(pid, JIT_THREADS);
            }

            @Override
            public void stop() {
                t[4] = System.nanoTime();
                t[5] = ProcStat.cpuMillis(pid);
                t[6] = ProcStat.cpuMillis(myPid);
                t[7] = ProcStat.cpuMillis(upstreamPid);
                t[9] = ProcStat.systemMillis(pid);
                t[11] = ProcStat.threadCpuMillis(pid, JIT_THREADS);
            }
        };
        Generator.Outcome out = body.run(meter);
        double wall = (t[4] - t[0]) / 1e9;
        f.put(key + ".ops", (double) out.ops.get());
        f.put(key + ".errors", (double) out.errors.get());
        f.put(key + ".wall", wall);
        f.put(key + ".cpu.ms", (double) (t[5] - t[1]));
        f.put(key + ".tunnel.util", (t[5] - t[1]) / 10.0 / wall);
        f.put(key + ".tunnel.sys", t[5] == t[1] ? Double.NaN : 100.0 * (t[9] - t[8]) / (t[5] - t[1]));
        f.put(key + ".tunnel.jit", t[5] == t[1] ? Double.NaN : 100.0 * (t[11] - t[10]) / (t[5] - t[1]));
        f.put(key + ".gen.util", (t[6] - t[2]) / 10.0 / wall);
        f.put(key + ".up.util", (t[7] - t[3]) / 10.0 / wall);
        f.put(key + ".bytes", (double) out.bytes.get());
        f.put(key + ".answer.ms", out.ops.get() == 0 ? Double.NaN : out.answerNanos.get() / 1e6 / out.ops.get());
        f.put(key + ".closed.ms", out.closedCount.get() == 0 ? Double.NaN
            : out.closedNanos.get() / 1e6 / out.closedCount.get());
        report(key, out);
    }

    interface Scenario {
        Generator.Outcome run(Generator.Meter meter);
    }

    private void report(String what, Generator.Outcome out) {
        System.out.println("  " + what + ": ops=" + out.ops.get() + " errors=" + out.errors.get()
            + (out.closeTroubles.get() > 0 ? " close-troubles=" + out.closeTroubles.get() : "")
            + (out.samples.isEmpty() ? "" : " e.g. " + out.samples));
        if (out.errors.get() > 0 || out.closeTroubles.get() > 0) {
            notes.add(what + ": " + out.errors.get() + " error(s), " + out.closeTroubles.get()
                + " close trouble(s), e.g. " + out.samples);
        }
    }

    private Report report(Map<String, Map<String, Double>> figures, int concurrent) {
        Map<String, Double> s = figures.getOrDefault("stunnel", new NullMap());
        Map<String, Double> j = figures.getOrDefault("jtunnel", new NullMap());
        Report r = new Report();
        r.add("start-up", "ms to first answer", s.get("startup.ms"), j.get("startup.ms"));
        r.add("start-up", "ms to first answer, not pinned (median of 3)", s.get("startup.unpinned.ms"),
            j.get("startup.unpinned.ms"));
        r.add("start-up", "RSS after first answer (MB)", s.get("startup.rss"), j.get("startup.rss"));
        for (String[] hs : new String[][] {{"hs13", "handshakes TLS 1.3"}, {"hs12", "handshakes TLS 1.2"}}) {
            String k = hs[0];
            r.add(hs[1], "CPU per handshake (ms)", per(s, k, 1), per(j, k, 1));
            r.add(hs[1], "handshakes/s", rate(s, k), rate(j, k));
            r.add(hs[1], "ms connect to answer (mean)", s.get(k + ".answer.ms"), j.get(k + ".answer.ms"));
            r.add(hs[1], "ms connect to closed (mean)", s.get(k + ".closed.ms"), j.get(k + ".closed.ms"));
            r.addPlain(hs[1], "TIME_WAIT toward the upstream at start", s.get(k + ".tw"), j.get(k + ".tw"));
            common(r, hs[1], s, j, k);
        }
        String req = "requests 64 conns 4K/256B";
        r.add(req, "CPU per request (us)", per(s, "req", 1000), per(j, "req", 1000));
        r.add(req, "requests/s", rate(s, "req"), rate(j, "req"));
        common(r, req, s, j, "req");
        for (String[] b : new String[][] {{"bulk1", "bulk upload 1 conn"}, {"bulk8", "bulk upload 8 conns"}}) {
            String k = b[0];
            r.add(b[1], "CPU per GiB (s)", cpuPerGib(s, k), cpuPerGib(j, k));
            r.add(b[1], "MB/s", mbps(s, k), mbps(j, k));
            common(r, b[1], s, j, k);
        }
        String idle = "idle " + idleConnections() + " conns";
        r.add(idle, "memory per idle conn (KB)", s.get("idle.kb"), j.get("idle.kb"));
        r.add(idle, "RSS with them (MB)", s.get("idle.rss"), j.get("idle.rss"));
        r.addPlain(idle, "errors", s.get("idle.errors"), j.get("idle.errors"));
        String conc = "concurrent " + concurrent;
        r.addPlain(conc, "errors", s.get("conc.errors"), j.get("conc.errors"));
        r.add(conc, "seconds to open all", s.get("conc.open.s"), j.get("conc.open.s"));
        r.add(conc, "CPU per connection (ms)", s.get("conc.cpu.ms"), j.get("conc.cpu.ms"));
        r.add(conc, "RSS before (MB)", s.get("conc.rss.before"), j.get("conc.rss.before"));
        r.add(conc, "RSS with all open (MB)", s.get("conc.rss.with"), j.get("conc.rss.with"));
        r.add(conc, "RSS after close (MB)", s.get("conc.rss.after"), j.get("conc.rss.after"));
        r.addPlain(conc, "RSS growth after close (MB)", s.get("conc.rss.growth"), j.get("conc.rss.growth"));
        String later = "RSS growth " + (CLOSED_FIRST_MILLIS + CLOSED_SETTLE_MILLIS) / 1000 + " s after close (MB)";
        r.addPlain(conc, later, s.get("conc.rss.growth.later"), j.get("conc.rss.growth.later"));
        r.addPlain(conc, "fds left open after close", s.get("conc.fds.left"), j.get("conc.fds.left"));
        r.add("end", "RSS (MB)", s.get("end.rss"), j.get("end.rss"));
        r.add("end", "peak RSS, VmHWM (MB)", s.get("end.hwm"), j.get("end.hwm"));
        r.add("end", "total tunnel CPU (s)", s.get("end.cpu.s"), j.get("end.cpu.s"));
        r.addPlain("end", "threads", s.get("end.threads"), j.get("end.threads"));
        r.addPlain("JVM only", "live heap after warm-up, after full GC (MB)", s.get("heap.warm"), j.get("heap.warm"));
        r.addPlain("JVM only", "live heap at the end, after full GC (MB)", s.get("heap.end"), j.get("heap.end"));
        return r;
    }

    /** The figures of a tunnel left out of the run (--tunnels): every value unknown. */
    private static final class NullMap extends LinkedHashMap<String, Double> {
        @Override
        public Double get(Object key) {
            return Double.NaN;
        }
    }

    /** Errors, the tunnel's and the generator's CPU use: shown without ratios. */
    private static void common(Report r, String scenario, Map<String, Double> s, Map<String, Double> j, String k) {
        r.addPlain(scenario, "errors", s.get(k + ".errors"), j.get(k + ".errors"));
        r.addPlain(scenario, "tunnel CPU % of its core", s.get(k + ".tunnel.util"), j.get(k + ".tunnel.util"));
        r.addPlain(scenario, "of which in the kernel %", s.get(k + ".tunnel.sys"), j.get(k + ".tunnel.sys"));
        r.addPlain(scenario, "of which JIT compiler threads %", s.get(k + ".tunnel.jit"), j.get(k + ".tunnel.jit"));
        r.addPlain(scenario, "generator CPU %", s.get(k + ".gen.util"), j.get(k + ".gen.util"));
        r.addPlain(scenario, "upstream CPU %", s.get(k + ".up.util"), j.get(k + ".up.util"));
    }

    /** Tunnel CPU milliseconds per operation, times {@code scale} (1000 gives microseconds). */
    static Double per(Map<String, Double> f, String k, double scale) {
        double ops = f.get(k + ".ops");
        return ops == 0 ? null : f.get(k + ".cpu.ms") * scale / ops;
    }

    private static Double rate(Map<String, Double> f, String k) {
        return f.get(k + ".ops") / f.get(k + ".wall");
    }

    static Double cpuPerGib(Map<String, Double> f, String k) {
        double bytes = f.get(k + ".bytes");
        return bytes == 0 ? null : f.get(k + ".cpu.ms") / 1000.0 / (bytes / (1L << 30));
    }

    private static Double mbps(Map<String, Double> f, String k) {
        return f.get(k + ".bytes") / 1e6 / f.get(k + ".wall");
    }

    // ---- helpers

    private static SslContext clientContext(CertificateBundle client, String protocol) throws IOException {
        return SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
            .keyManager(client.privateKey(), client.certificate())
            .trustManager(InsecureTrustManagerFactory.INSTANCE)
            .endpointIdentificationAlgorithm(null)
            .protocols(protocol)
            .build();
    }

    private Process startUpstream(int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = onCpus(loadCpus, List.of(java, "-cp", System.getProperty("java.class.path"),
            Upstream.class.getName(), Integer.toString(port)));
        Process p = new ProcessBuilder(command).redirectError(work.resolve("upstream.log").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"ready".equals(line)) {
            throw new IllegalStateException("upstream did not start: " + line + "; see " + work.resolve("upstream.log"));
        }
        return p;
    }

    /** Counts the tunnel's log lines by level (LOG3 = error, LOG4 = warning) and quotes the commonest messages. */
    static String logSummary(Path log) throws IOException {
        Map<String, Integer> levels = new TreeMap<>();
        Map<String, Integer> messages = new LinkedHashMap<>();
        Pattern line = Pattern.compile("LOG([0-7])\\[[^\\]]*\\]: (.*)");
        for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = line.matcher(l);
            if (!m.find()) {
                continue;
            }
            levels.merge("LOG" + m.group(1), 1, Integer::sum);
            if (m.group(1).compareTo("4") <= 0) {
                String text = m.group(2).replaceAll("\\d+", "N");
                messages.merge("LOG" + m.group(1) + " " + text, 1, Integer::sum);
            }
        }
        StringBuilder s = new StringBuilder(levels.toString());
        messages.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(6)
            .forEach(e -> s.append("\n    ").append(e.getValue()).append(" x ").append(e.getKey()));
        return s.toString();
    }

    private static void waitForFds(long pid, int target, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end && ProcStat.openFds(pid) > target) {
            Thread.sleep(100);
        }
    }

    /**
     * For a JVM tunnel only: the heap in use after a full GC ({@code jcmd PID GC.run}, then {@code GC.heap_info}), to
     * tell retained memory from garbage the JVM has not given back, and the class histogram into {@code histogram}.
     * Not measured for stunnel (NaN).
     */
    private static double liveHeapMb(long pid, List<String> command, Path histogram) {
        if (!command.contains("java")) {
            return Double.NaN;
        }
        try {
            jcmd(pid, "GC.run");
            Files.writeString(histogram, jcmd(pid, "GC.class_histogram"));
            String info = jcmd(pid, "GC.heap_info");
            // Serial: " def new generation   total 1234K, used 567K" + " tenured generation   total ..., used ...";
            // G1: " garbage-first heap   total 1234K, used 567K"
            Matcher m = Pattern.compile("(generation|heap)\\s+total \\d+K, used (\\d+)K").matcher(info);
            long used = 0;
            boolean any = false;
            while (m.find()) {
                used += Long.parseLong(m.group(2));
                any = true;
            }
            return any ? used / 1024.0 : Double.NaN;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    private static String jcmd(long pid, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            Long.toString(pid), what).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private static double rssMb(long pid) {
        return ProcStat.rssKib(pid) / 1024.0;
    }

    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static long openFileLimit() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (l.startsWith("Max open files")) {
                    return Long.parseLong(l.substring(26).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return 1024;
    }
}
