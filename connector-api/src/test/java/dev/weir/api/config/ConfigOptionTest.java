package dev.weir.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ValidationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigOptionTest {
    enum StartupMode {
        EARLIEST_OFFSET, LATEST_OFFSET;

        @Override
        public String toString() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    static final ConfigOption<Integer> PARALLELISM = ConfigOptions.key("sink.parallelism").intType()
            .defaultValue(1).withDescription("Parallelism.");
    static final ConfigOption<StartupMode> MODE = ConfigOptions.key("scan.startup.mode").enumType(StartupMode.class)
            .defaultValue(StartupMode.EARLIEST_OFFSET).withDescription("Where to start.");
    static final ConfigOption<String> PASSWORD = ConfigOptions.key("password").stringType().noDefaultValue()
            .sensitive().withDescription("The password.");

    @Test
    void parsesEveryType() {
        assertThat(ConfigOptions.key("a").longType().noDefaultValue().withDescription("").parse(" 42 ")).isEqualTo(42L);
        assertThat(ConfigOptions.key("a").doubleType().noDefaultValue().withDescription("").parse("0.5")).isEqualTo(0.5);
        assertThat(ConfigOptions.key("a").booleanType().noDefaultValue().withDescription("").parse("TRUE")).isTrue();
        assertThat(ConfigOptions.key("a").durationType().noDefaultValue().withDescription("").parse("5 min"))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(ConfigOptions.key("a").durationType().noDefaultValue().withDescription("").parse("PT2S"))
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(ConfigOptions.key("a").memoryType().noDefaultValue().withDescription("").parse("64mb"))
                .isEqualTo(MemorySize.ofMebiBytes(64));
        assertThat(ConfigOptions.key("a").stringListType().noDefaultValue().withDescription("").parse("x; y;z"))
                .containsExactly("x", "y", "z");
        assertThat(ConfigOptions.key("a").mapType().noDefaultValue().withDescription("").parse("k1:v1,k2:v2"))
                .isEqualTo(Map.of("k1", "v1", "k2", "v2"));
        assertThat(MODE.parse("latest-offset")).isEqualTo(StartupMode.LATEST_OFFSET);
        assertThat(MODE.parse("LATEST_OFFSET")).isEqualTo(StartupMode.LATEST_OFFSET);
        assertThat(MODE.enumValues()).containsExactly("earliest-offset", "latest-offset");
    }

    @Test
    void badValueNamesKeyValueAndExpectedForm() {
        assertThatThrownBy(() -> PARALLELISM.parse("two"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Invalid value 'two' for option 'sink.parallelism': expected an integer, e.g. 42.");
        assertThatThrownBy(() -> MODE.parse("earliest"))
                .hasMessageContaining("'scan.startup.mode'")
                .hasMessageContaining("one of 'earliest-offset', 'latest-offset'");
        assertThatThrownBy(() -> ConfigOptions.key("d").durationType().noDefaultValue().withDescription("").parse("5 lightyears"))
                .hasMessageContaining("expected a duration").hasMessageContaining("unknown unit 'lightyears'");
    }

    @Test
    void sensitiveValuesAreNeverShownInErrors() {
        ConfigOption<Integer> secretNumber = ConfigOptions.key("pin").intType().noDefaultValue().sensitive()
                .withDescription("");
        assertThatThrownBy(() -> secretNumber.parse("s3cr3t")).hasMessageNotContaining("s3cr3t").hasMessageContaining("******");
    }

    @Test
    void printsValuesAsTheyAreWritten() {
        assertThat(ConfigOptions.key("d").durationType().defaultValue(Duration.ofSeconds(90)).withDescription("")
                .defaultValueAsString()).isEqualTo("90 s");
        assertThat(MODE.defaultValueAsString()).isEqualTo("earliest-offset");
        assertThat(MemorySize.parse("128 mb").toString()).isEqualTo("128 mb");
    }

    @Test
    void configurationReadsFallbackAndDeprecatedKeysAndDefaults() {
        ConfigOption<String> topic = ConfigOptions.key("topic").stringType().noDefaultValue()
                .withFallbackKeys("topics").withDeprecatedKeys("kafka.topic").withDescription("");
        assertThat(Configuration.of(Map.of("kafka.topic", "t1")).get(topic)).isEqualTo("t1");
        assertThat(Configuration.of(Map.of("topics", "t2", "kafka.topic", "t1")).get(topic)).isEqualTo("t2");
        assertThat(Configuration.empty().get(PARALLELISM)).isEqualTo(1);
        assertThat(Configuration.empty().getOptional(PASSWORD)).isEmpty();
        assertThatThrownBy(() -> Configuration.of(Map.of("kafka.topic", "x")).get(PARALLELISM.withKey("kafka.topic")))
                .hasMessageContaining("'kafka.topic'");
    }

    @Test
    void configurationToStringMasksSecrets() {
        Configuration c = Configuration.of(Map.of("properties.sasl.jaas.config", "user=x password=y", "topic", "t"));
        assertThat(c.toString()).contains("topic=t").doesNotContain("password=y").contains("******");
    }

    @Test
    void templatesMatchNamesAndSuffixes() {
        ConfigOption<String> kind = ConfigOptions.key("fields.#.kind").stringType().noDefaultValue().withDescription("");
        ConfigOption<String> props = ConfigOptions.key("properties.*").stringType().noDefaultValue().withDescription("");
        assertThat(kind.matchesKey("fields.id.kind")).isTrue();
        assertThat(kind.matchesKey("fields.a.b.kind")).isTrue();
        assertThat(kind.nameIn("fields.a.b.kind")).contains("a.b");
        assertThat(kind.matchesKey("fields.id.min")).isFalse();
        assertThat(kind.matchesKey("fields.kind")).isFalse();
        assertThat(kind.forName("price").key()).isEqualTo("fields.price.kind");
        assertThat(props.matchesKey("properties.bootstrap.servers")).isTrue();
        assertThat(props.matchesKey("properties.")).isFalse();
        assertThat(props.matchesKey("property.x")).isFalse();
    }

    @Test
    void withPrefixRemovedScopesFormatOptions() {
        Configuration c = Configuration.of(Map.of("format", "json", "json.ignore-parse-errors", "true",
                "value.json.fail-on-missing-field", "true"));
        assertThat(c.withPrefixRemoved("json.").toMap()).containsExactly(Map.entry("ignore-parse-errors", "true"));
        assertThat(c.withPrefixRemoved("value.json.").keySet()).containsExactly("fail-on-missing-field");
        assertThat(List.copyOf(c.with("x", "1").keySet())).contains("x");
    }
}
