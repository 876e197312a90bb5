package dev.weir.connectors.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ValidationException;
import dev.weir.api.config.ConfigOption;
import dev.weir.api.factory.FactoryDiscovery;
import dev.weir.api.factory.SinkFactory;
import dev.weir.api.factory.SourceFactory;
import dev.weir.testing.TestTable;
import org.junit.jupiter.api.Test;

class FileSystemValidationTest {
    private static TestTable table() {
        return TestTable.named("files").column("id", "INT").column("name", "STRING").column("tags", "ARRAY<STRING>")
                .option("connector", "filesystem");
    }

    @Test
    void missingPathAndFormatAreReportedTogether() {
        assertThatThrownBy(() -> table().createSink())
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).problems()).hasSize(2))
                .hasMessageContaining("missing required option 'path'")
                .hasMessageContaining("missing required option 'format'");
    }

    @Test
    void aPathWithCredentialsIsRejectedWithoutEchoingThem() {
        TestTable withCredentials = table().option("path", "s3://AKIAKEY:hunter2@bucket/data").option("format", "json");
        assertThatThrownBy(withCredentials::createSink)
                .isInstanceOf(ValidationException.class)
                .hasMessageNotContaining("hunter2").hasMessageNotContaining("AKIAKEY")
                .hasMessageContaining("option 'path' is 's3://******@bucket/data', a URL with credentials");
        assertThatThrownBy(withCredentials::createSource).hasMessageNotContaining("hunter2");
    }

    @Test
    void badOptionsNameTheirKeys() {
        TestTable valid = table().option("path", "/tmp/x").option("format", "json");

        assertThatThrownBy(() -> valid.option("source.path.regex-pattern", "([a-z").createSource())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'source.path.regex-pattern' is not a regular expression");
        assertThatThrownBy(() -> valid.option("sink.rolling-policy.file-size", "huge").createSink())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'sink.rolling-policy.file-size'").hasMessageContaining("a memory size");
        assertThatThrownBy(() -> valid.option("sink.rolling-policy.file-sise", "1 mb").createSink())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Did you mean 'sink.rolling-policy.file-size'?");
        assertThatThrownBy(() -> valid.option("json.ignore-parse-errorz", "true").createSource())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'json.ignore-parse-errorz'");
    }

    @Test
    void monitoringIsRejectedInBatchMode() {
        assertThatThrownBy(() -> table().option("path", "/tmp/x").option("format", "json")
                .option("source.monitor-interval", "1 s").batch().createSource())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'source.monitor-interval' makes the source unbounded");
    }

    @Test
    void partitionKeysMustBeScalarColumnsAndLeaveSomethingToWrite() {
        TestTable valid = table().option("path", "/tmp/x").option("format", "json");

        assertThatThrownBy(() -> valid.partitionedBy("nope").createSink())
                .hasMessageContaining("partition key 'nope' is not a physical column");
        assertThatThrownBy(() -> table().option("path", "/tmp/x").option("format", "json").partitionedBy("tags")
                .createSink())
                .hasMessageContaining("partition key 'tags' is ARRAY<STRING>");
        assertThatThrownBy(() -> table().option("path", "/tmp/x").option("format", "json")
                .partitionedBy("id", "name", "tags").createSource())
                .hasMessageContaining("every column is a partition key");
    }

    @Test
    void oneFactoryIsBothSourceAndSinkWithDescribedOptions() {
        FactoryDiscovery discovery = FactoryDiscovery.load();
        SourceFactory source = discovery.find(SourceFactory.class, "filesystem", null);

        assertThat(discovery.find(SinkFactory.class, "filesystem", null)).isSameAs(source);
        assertThat(source.requiredOptions()).extracting(ConfigOption::key).containsExactlyInAnyOrder("path", "format");
        assertThat(source.optionalOptions()).extracting(ConfigOption::key).containsExactlyInAnyOrder(
                "source.monitor-interval", "source.path.regex-pattern", "sink.rolling-policy.file-size",
                "sink.rolling-policy.rollover-interval", "sink.rolling-policy.check-interval",
                "partition.default-name");
        assertThat(source.optionalOptions()).allMatch(o -> o.description().length() > 30);
    }
}
