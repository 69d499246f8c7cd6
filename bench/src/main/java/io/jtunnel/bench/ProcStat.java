package io.jtunnel.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the benchmark reads about a process from Linux's /proc: CPU time, resident memory, open descriptors. */
final class ProcStat {
    /** Clock ticks per second of utime/stime; 100 on every Linux this runs on, checked once with getconf. */
    static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcStat() {
    }

    /** utime + stime of the whole process (every thread, including threads that have exited), in milliseconds. */
    static long cpuMillis(long pid) {
        return ticksToMillis(cpuTicks(read(Path.of("/proc", Long.toString(pid), "stat"))));
    }

    /**
     * utime + stime of the process's threads whose name starts with {@code prefix} (for a JVM, "C1 CompilerThre" and
     * "C2 CompilerThre": the JIT compilers), in milliseconds; threads that have exited are not counted.
     */
    static long threadCpuMillis(long pid, String... prefixes) {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                for (String prefix : prefixes) {
                    if (name.startsWith(prefix)) {
                        ticks += cpuTicks(stat);
                        break;
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
        return ticksToMillis(ticks);
    }

    /** stime alone (time in the kernel) of the whole process, in milliseconds. */
    static long systemMillis(long pid) {
        return ticksToMillis(systemTicks(read(Path.of("/proc", Long.toString(pid), "stat"))));
    }

    /** VmRSS in KiB, from /proc/PID/status. */
    static long rssKib(long pid) {
        return statusKib(read(Path.of("/proc", Long.toString(pid), "status")), "VmRSS");
    }

    /** Number of open file descriptors, or -1 when /proc/PID/fd cannot be listed. */
    static int openFds(long pid) {
        try (var list = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) list.count();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /**
     * utime + stime in clock ticks from the text of /proc/PID/stat. The command name (field 2) is in parentheses and
     * may itself hold spaces and parentheses, so fields are counted from the last ')'.
     */
    static long cpuTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + stat);
        }
        String[] fields = stat.substring(close + 2).trim().split(" +");
        // fields[0] is field 3 (state); utime and stime are fields 14 and 15
        return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
    }

    /** stime in clock ticks from the text of /proc/PID/stat (field 15). */
    static long systemTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        return Long.parseLong(fields[15 - 3]);
    }

    /** A "Name:   123 kB" value of /proc/PID/status, in KiB. */
    static long statusKib(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) {
                String[] parts = line.substring(name.length() + 1).trim().split("\\s+");
                return Long.parseLong(parts[0]);
            }
        }
        throw new IllegalArgumentException("no " + name + " in /proc/PID/status");
    }

    /**
     * Sockets of this host in TIME_WAIT whose remote port is {@code port}, from /proc/net/tcp and /proc/net/tcp6: Java's
     * sockets are IPv6 sockets by default, even toward 127.0.0.1 (listed as ::ffff:127.0.0.1 in tcp6).
     */
    static int timeWaitTo(int port) {
        return timeWaitTo(read(Path.of("/proc/net/tcp")), port) + timeWaitTo(read(Path.of("/proc/net/tcp6")), port);
    }

    /**
     * Counts the lines of a /proc/net/tcp text in state 06 (TIME_WAIT) whose rem_address ends in {@code port}: a
     * line is "sl local_address rem_address st ...", addresses as hex "IP:PORT".
     */
    static int timeWaitTo(String procNetTcp, int port) {
        String wanted = String.format(":%04X", port);
        int count = 0;
        for (String line : procNetTcp.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 3 && fields[3].equals("06") && fields[2].endsWith(wanted)) {
                count++;
            }
        }
        return count;
    }

    static long ticksToMillis(long ticks) {
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
