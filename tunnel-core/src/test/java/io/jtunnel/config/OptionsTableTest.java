package io.jtunnel.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's option table is the one the parser uses: regenerate it with {@code jtunnel options}. */
class OptionsTableTest {
    @Test
    void readme_table_matches_the_option_table() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String start = "<!-- options-table:start -->\n";
        String between = readme.substring(readme.indexOf(start) + start.length(),
            readme.indexOf("<!-- options-table:end -->"));
        assertThat(between).isEqualTo(OptionsTable.markdown());
    }

    @Test
    void table_lists_every_stunnel_option_once() {
        String table = OptionsTable.markdown();
        for (Option option : Option.values()) {
            assertThat(table).contains("| `" + option.stunnelName() + "`");
        }
        assertThat(table.lines().count()).isEqualTo(Option.values().length + 2);
    }
}
