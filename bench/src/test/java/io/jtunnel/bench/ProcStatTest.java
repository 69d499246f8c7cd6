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
    void counts_time_wait_sockets_toward_one_remote_port() {
        String tcp = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
            + "   0: 0100007F:9CE1 0100007F:9D45 06 00000000:00000000 03:00000D4E 00000000     0        0 0 3\n"
            + "   1: 0100007F:9D45 0100007F:9CE2 06 00000000:00000000 03:00000D4E 00000000     0        0 0 3\n"
            + "   2: 0100007F:9CE3 0100007F:9D45 01 00000000:00000000 00:00000000 00000000     0        0 7 1\n"
            + "   3: 0100007F:A001 0100007F:9D45 06 00000000:00000000 03:00000D4E 00000000     0        0 0 3\n";
        // 0x9D45 = 40261: two TIME_WAIT toward it; one ESTABLISHED (01), and one whose local port it is, not counted
        assertThat(ProcStat.timeWaitTo(tcp, 40261)).isEqualTo(2);
        assertThat(ProcStat.timeWaitTo(tcp, 40262)).isZero();
        String tcp6 = "  sl  local_address                         remote_address                        st\n"
            + "   0: 0000000000000000FFFF00000100007F:9CE1 0000000000000000FFFF00000100007F:9D45 06 00000000:00000000\n";
        assertThat(ProcStat.timeWaitTo(tcp6, 40261)).isEqualTo(1);
    }

    @Test
    void reads_this_process() {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcStat.rssKib(pid)).isPositive();
        assertThat(ProcStat.cpuMillis(pid)).isPositive();
        assertThat(ProcStat.openFds(pid)).isPositive();
        // this JVM's main thread is called "java"; no thread is called "no such thread"
        assertThat(ProcStat.threadCpuMillis(pid, "java")).isPositive();
        assertThat(ProcStat.threadCpuMillis(pid, "no such thread")).isZero();
    }
}
