package dev.weir.connectors.kafka;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.config.Configuration;
import dev.weir.api.factory.SinkFactory;
import dev.weir.api.factory.TableContext;
import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.sink.Committer;
import dev.weir.api.sink.CommittingSinkWriter;
import dev.weir.api.sink.SupportsCommitter;
import dev.weir.api.sink.WriterInitContext;
import dev.weir.api.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code 'connector' = 'kafka-commit-blocking'}: the real 'kafka' sink, except that its committer
 * never commits. When the engine first asks it to commit prepared transactions, it writes
 * the transactional ids to {@code commit-marker-file} and blocks, so that a test can kill the process exactly between a
 * completed checkpoint and the commit of its transactions.
 */
public final class CommitBlockingKafkaTableFactory implements SinkFactory {

    static final ConfigOption<String> COMMIT_MARKER_FILE = ConfigOptions.key("commit-marker-file").stringType()
            .noDefaultValue().withDescription("Gets the transactional ids of the first commit requested; the commit then blocks.");

    private final KafkaTableFactory kafka = new KafkaTableFactory();

    @Override
    public String identifier() {
        return "kafka-commit-blocking";
    }

    @Override
    public String description() {
        return "The Kafka sink with a committer that blocks forever, for crash tests.";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        Set<ConfigOption<?>> options = new HashSet<>(kafka.requiredOptions());
        options.add(COMMIT_MARKER_FILE);
        return options;
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return kafka.optionalOptions();
    }

    @Override
    public Map<String, DataType> writableMetadata() {
        return kafka.writableMetadata();
    }

    @Override
    public SupportsCommitter<KafkaCommittable> createSink(TableContext context) {
        Map<String, String> options = new HashMap<>(context.options().toMap());
        String marker = options.remove(COMMIT_MARKER_FILE.key());
        TableContext kafkaContext = new TableContext(context.tableName(), context.schema(), Configuration.of(options),
                context.partitionKeys(), context.classLoader(), context.streaming());
        return new CommitBlockingSink((KafkaSink) kafka.createSink(kafkaContext), marker);
    }

    private record CommitBlockingSink(KafkaSink kafka, String marker) implements SupportsCommitter<KafkaCommittable> {

        @Override
        public CommittingSinkWriter<KafkaCommittable> createWriter(WriterInitContext context) {
            return kafka.createWriter(context);
        }

        @Override
        public Committer<KafkaCommittable> createCommitter() {
            return requests -> {
                if (requests.isEmpty()) {
                    return;
                }
                // Written to a temporary file and renamed, so the test never reads half of it.
                Path file = Path.of(marker);
                Path partial = file.resolveSibling(file.getFileName() + ".partial");
                Files.write(partial, requests.stream().map(r -> r.committable().transactionalId()).toList());
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
                Thread.sleep(Long.MAX_VALUE);
            };
        }

        @Override
        public SimpleVersionedSerializer<KafkaCommittable> committableSerializer() {
            return kafka.committableSerializer();
        }
    }
}
