package io.jtunnel.app.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a service command went, and the lines to show the user (the service manager's own output included).
 *
 * @param ok    true when the command did what was asked ({@code status}: the service runs)
 * @param lines what to show, one line each
 */
public record ServiceResult(boolean ok, List<String> lines) {
    public ServiceResult {
        lines = List.copyOf(lines);
    }

    static ServiceResult ok(List<String> before, String... lines) {
        return new ServiceResult(true, join(before, lines));
    }

    static ServiceResult failed(List<String> before, String... lines) {
        return new ServiceResult(false, join(before, lines));
    }

    static ServiceResult failed(String... lines) {
        return new ServiceResult(false, Arrays.asList(lines));
    }

    private static List<String> join(List<String> before, String... lines) {
        List<String> all = new ArrayList<>(before);
        all.addAll(Arrays.asList(lines));
        return all;
    }
}
