package io.jtunnel.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** stunnel's matches_wildcard: how a virtual service's pattern matches the client's server name. */
class SniVirtualServiceTest {

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
        "alpha.example.com,   alpha.example.com,   true",
        "ALPHA.Example.COM,   alpha.example.com,   true",
        "alpha.example.com,   Alpha.Example.Com,   true",
        "beta.example.com,    alpha.example.com,   false",
        "alpha.example.com.,  alpha.example.com,   false",
        "a.example.com,       *.example.com,       true",
        "a.b.EXAMPLE.com,     *.example.com,       true",
        "example.com,         *.example.com,       false",
        "example.com,         *example.com,        true",
        "badexample.com,      *example.com,        true",
        "anything,            *,                   true",
        "x,                   *.example.com,       false",
        "example.com.evil,    *.example.com,       false",
    })
    void matches_as_stunnel_does(String serverName, String pattern, boolean matches) {
        assertThat(new SniVirtualService("primary", pattern).matches(serverName)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "pattern [{0}]")
    @CsvSource({"*", "a.example.com", "''"})
    void no_server_name_matches_no_pattern(String pattern) {
        assertThat(new SniVirtualService("primary", pattern).matches(null)).isFalse();
    }

    @ParameterizedTest(name = "[{0}] ~ [{1}]: {2}")
    @CsvSource({"'', '', true", "x, '', false", "'', *, true"})
    void an_empty_pattern_matches_only_an_empty_name(String serverName, String pattern, boolean matches) {
        assertThat(new SniVirtualService("primary", pattern).matches(serverName)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"STRASSE.example, straße.example", "İ.example, i.example"})
    void only_ascii_letters_fold_as_in_the_c_locale(String serverName, String pattern) {
        assertThat(new SniVirtualService("primary", pattern).matches(serverName)).isFalse();
    }
}
