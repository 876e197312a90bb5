package dev.weir.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ValidationException;
import dev.weir.api.descriptor.TableDescriptor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SensitiveUrlsTest {
    @Test
    void masksTheUserInfoOfEveryUrlInAText() {
        assertThat(SensitiveUrls.mask("http://user:pw@host:9200")).isEqualTo("http://******@host:9200");
        assertThat(SensitiveUrls.mask("hosts 'http://a:1@h1:9200;https://h2:9200;https://b:2@h3:9200/x' failed"))
                .isEqualTo("hosts 'http://******@h1:9200;https://h2:9200;https://******@h3:9200/x' failed");
        assertThat(SensitiveUrls.mask("pulsar+ssl://token@broker:6651")).isEqualTo("pulsar+ssl://******@broker:6651");
    }

    @Test
    void masksAPasswordHoldingAtSignsCommasAndSemicolonsWhole() {
        assertThat(SensitiveUrls.mask("http://user:p@s,s;w@host:9200/")).isEqualTo("http://******@host:9200/");
    }

    @Test
    void leavesTextWithoutUserInfoAlone() {
        String plain = "http://host:9200/path?mail=a@b.c, kim@example.com, /tmp/x";
        assertThat(SensitiveUrls.mask(plain)).isEqualTo(plain);
        assertThat(SensitiveUrls.hasUserInfo(plain)).isFalse();
        assertThat(SensitiveUrls.hasUserInfo("s3://key:secret@bucket/data")).isTrue();
        assertThat(SensitiveUrls.mask(null)).isNull();
    }

    @Test
    void configurationAndDescriptorRenderingsMaskUrlUserInfo() {
        Map<String, String> options = Map.of("connector", "elasticsearch", "hosts", "http://user:pw@host:9200");
        assertThat(Configuration.of(options).toString()).doesNotContain("pw").contains("http://******@host:9200");
        TableDescriptor descriptor = TableDescriptor.forConnector("elasticsearch")
                .option("hosts", "http://user:pw@host:9200").build();
        assertThat(descriptor.toString()).doesNotContain("pw").contains("'hosts' = 'http://******@host:9200'");
    }

    @Test
    void anInvalidValueIsQuotedWithoutUserInfo() {
        ConfigOption<Integer> port = ConfigOptions.key("port").intType().noDefaultValue().withDescription("A port.");
        assertThatThrownBy(() -> port.parse("http://user:pw@host:9200"))
                .hasMessage("Invalid value 'http://******@host:9200' for option 'port': expected an integer, e.g. 42.");
    }

    @Test
    void validationProblemsNeverCarryUrlUserInfo() {
        ValidationException e = new ValidationException(List.of("'hosts' has 'http://user:pw@host:9200'.", "other"));
        assertThat(e.getMessage()).doesNotContain("pw").contains("http://******@host:9200");
        assertThat(e.problems()).containsExactly("'hosts' has 'http://******@host:9200'.", "other");
        assertThat(new ValidationException("at http://user:pw@host", null).problems())
                .containsExactly("at http://******@host");
    }
}
