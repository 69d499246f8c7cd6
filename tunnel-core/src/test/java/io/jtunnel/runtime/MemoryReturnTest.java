package io.jtunnel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.log.LogLevel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoryReturnTest {
    private final AtomicInteger open = new AtomicInteger();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Test
    void collects_once_when_a_burst_has_closed() throws InterruptedException {
        try (MemoryReturn ignored = MemoryReturn.start(open::get, (level, text) -> lines.add(level + " " + text),
            Duration.ofMillis(20))) {
            open.set(MemoryReturn.MINIMUM_PEAK * 5);
            TimeUnit.MILLISECONDS.sleep(200);
            assertThat(lines).as("nothing while the burst lasts").isEmpty();

            open.set(10);
            awaitLines(1);
            TimeUnit.MILLISECONDS.sleep(200);

            assertThat(lines).singleElement().asString()
                .startsWith(LogLevel.INFO + " Open channels fell from " + MemoryReturn.MINIMUM_PEAK * 5 + " to 10: "
                    + "memory returned by full collections in ");
        }
    }

    @Test
    void ordinary_traffic_never_collects() throws InterruptedException {
        try (MemoryReturn ignored = MemoryReturn.start(open::get, (level, text) -> lines.add(text),
            Duration.ofMillis(20))) {
            for (int i = 0; i < 10; i++) {
                open.set(i % 2 == 0 ? MemoryReturn.MINIMUM_PEAK - 1 : 0);
                TimeUnit.MILLISECONDS.sleep(40);
            }
        }
        assertThat(lines).isEmpty();
    }

    private void awaitLines(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lines.size() < count && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
