package io.jtunnel.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The side-by-side table: scenario, figure, stunnel, jtunnel, ratio (jtunnel / stunnel). */
final class Report {
    record Row(String scenario, String figure, Double stunnel, Double jtunnel, boolean ratio) {
    }

    private final List<Row> rows = new ArrayList<>();

    /** A figure whose ratio means something (CPU, memory, rate). */
    void add(String scenario, String figure, Double stunnel, Double jtunnel) {
        rows.add(new Row(scenario, figure, stunnel, jtunnel, true));
    }

    /** A figure shown without a ratio (counts of errors, the generator's own CPU). */
    void addPlain(String scenario, String figure, Double stunnel, Double jtunnel) {
        rows.add(new Row(scenario, figure, stunnel, jtunnel, false));
    }

    List<Row> rows() {
        return rows;
    }

    static String ratio(Double stunnel, Double jtunnel) {
        if (stunnel == null || jtunnel == null || stunnel == 0 || stunnel.isNaN() || jtunnel.isNaN()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f", jtunnel / stunnel);
    }

    static String value(Double v) {
        if (v == null || v.isNaN()) {
            return "-";
        }
        double a = Math.abs(v);
        if (a == Math.rint(a) && a < 1e9) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** A Markdown table, aligned so it also reads well on a terminal. */
    String table() {
        String[] head = {"scenario", "figure", "stunnel", "jtunnel", "ratio"};
        List<String[]> cells = new ArrayList<>();
        cells.add(head);
        for (Row r : rows) {
            cells.add(new String[] {r.scenario, r.figure, value(r.stunnel), value(r.jtunnel),
                r.ratio ? ratio(r.stunnel, r.jtunnel) : ""});
        }
        int[] width = new int[head.length];
        for (String[] c : cells) {
            for (int i = 0; i < c.length; i++) {
                width[i] = Math.max(width[i], c[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int line = 0; line < cells.size(); line++) {
            String[] c = cells.get(line);
            out.append('|');
            for (int i = 0; i < c.length; i++) {
                boolean number = i >= 2;
                out.append(' ').append(number ? pad(c[i], width[i], true) : pad(c[i], width[i], false)).append(" |");
            }
            out.append('\n');
            if (line == 0) {
                out.append('|');
                for (int i = 0; i < c.length; i++) {
                    out.append(i >= 2 ? "-".repeat(width[i] + 1) + ":|" : "-".repeat(width[i] + 2) + "|");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** Tab-separated rows for scripts: scenario, figure, stunnel, jtunnel, ratio. */
    String tsv() {
        StringBuilder out = new StringBuilder("scenario\tfigure\tstunnel\tjtunnel\tratio\n");
        for (Row r : rows) {
            out.append(r.scenario).append('\t').append(r.figure).append('\t').append(value(r.stunnel)).append('\t')
                .append(value(r.jtunnel)).append('\t').append(r.ratio ? ratio(r.stunnel, r.jtunnel) : "")
                .append('\n');
        }
        return out.toString();
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}
