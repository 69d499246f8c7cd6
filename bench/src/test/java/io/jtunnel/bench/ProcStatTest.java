package io.jtunnel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void reads_utime_and_stime_after_a_command_name_with_spaces_and_parentheses() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 2616 0 0 0 150 25 0 0 20 0 19 0 9988 "
            + "3800000000 12000 18446744073709551615 1 1 0 0 0 0 0 4096 16898 0 0 0 17 1 0 0 0 0 0";
        assertThat(ProcStat.cpuTicks(stat)).isEqualTo(175);
        assertThat(ProcStat.systemTicks(stat)).isEqualTo(25);
    }

    @Test
    void reads_a_kib_value_of_proc_status() {
        String status = "Name:\tstunnel4\nVmPeak:\t  20000 kB\nVmRSS:\t    5120 kB\nThreads:\t3\n";
        assertThat(ProcStat.statusKib(status, "VmRSS")).isEqualTo(5120);
        assertThat(ProcStat.statusKib(status, "Threads")).isEqualTo(3);
    }

    @Test
    void reads_this_process() {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcStat.rssKib(pid)).isPositive();
        assertThat(ProcStat.cpuMillis(pid)).isPositive();
        assertThat(ProcStat.openFds(pid)).isPositive();
    }
}
