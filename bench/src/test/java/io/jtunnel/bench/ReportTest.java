package io.jtunnel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void ratio_is_jtunnel_over_stunnel() {
        assertThat(Report.ratio(2.0, 1.0)).isEqualTo("0.50");
        assertThat(Report.ratio(0.0, 1.0)).isEqualTo("-");
        assertThat(Report.ratio(null, 1.0)).isEqualTo("-");
    }

    @Test
    void table_aligns_columns_and_leaves_plain_rows_without_ratio() {
        Report r = new Report();
        r.add("handshakes TLS 1.3", "CPU per handshake (ms)", 1.234, 0.617);
        r.addPlain("handshakes TLS 1.3", "errors", 0.0, 3.0);
        String[] lines = r.table().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[2]).contains("1.234").contains("0.617").endsWith("0.50 |");
        assertThat(lines[3]).matches(".*\\|\\s+0 \\|\\s+3 \\|\\s+\\|").doesNotContain("0.50");
        assertThat(lines[0].length()).isEqualTo(lines[2].length()).isEqualTo(lines[3].length());
    }

    @Test
    void per_unit_figures_divide_tunnel_cpu_by_work_done() {
        Map<String, Double> f = Map.of("hs13.ops", 2000.0, "hs13.cpu.ms", 3000.0,
            "bulk1.bytes", (double) (2L << 30), "bulk1.cpu.ms", 1000.0);
        assertThat(Bench.per(f, "hs13", 1)).isEqualTo(1.5);
        assertThat(Bench.per(f, "hs13", 1000)).isEqualTo(1500.0);
        assertThat(Bench.cpuPerGib(f, "bulk1")).isEqualTo(0.5);
    }
}
