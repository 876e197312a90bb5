package dev.weir.connectors.kafka;

import dev.weir.api.format.RowDecoder;
import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.source.Boundedness;
import dev.weir.api.source.Source;
import dev.weir.api.source.SourceReader;
import dev.weir.api.source.SourceReaderContext;
import dev.weir.api.source.SplitEnumerator;
import dev.weir.api.source.SplitEnumeratorContext;
import java.time.Duration;
import java.util.Map;

/** The Kafka source: one split per partition, assigned by a discovering enumerator to non-blocking readers. */
final class KafkaSource implements Source<KafkaSplit, KafkaSplit.EnumeratorState> {

    final Topics topics;
    final Map<String, String> clientProperties;
    final String groupId;
    final StartingOffsets starting;
    final StoppingOffsets stopping;
    final Duration discoveryInterval;
    final RecordLayout layout;
    final RowDecoder keyDecoder;
    final RowDecoder valueDecoder;
    final boolean upsert;

    KafkaSource(Topics topics, Map<String, String> clientProperties, String groupId, StartingOffsets starting,
                StoppingOffsets stopping, Duration discoveryInterval, RecordLayout layout, RowDecoder keyDecoder,
                RowDecoder valueDecoder, boolean upsert) {
        this.topics = topics;
        this.clientProperties = Map.copyOf(clientProperties);
        this.groupId = groupId;
        this.starting = starting;
        this.stopping = stopping;
        this.discoveryInterval = discoveryInterval;
        this.layout = layout;
        this.keyDecoder = keyDecoder;
        this.valueDecoder = valueDecoder;
        this.upsert = upsert;
    }

    @Override
    public Boundedness boundedness() {
        return stopping.bounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<KafkaSplit, KafkaSplit.EnumeratorState> createEnumerator(SplitEnumeratorContext<KafkaSplit> context) {
        return new KafkaEnumerator(this, context, null);
    }

    @Override
    public SplitEnumerator<KafkaSplit, KafkaSplit.EnumeratorState> restoreEnumerator(SplitEnumeratorContext<KafkaSplit> context,
                                                                                   KafkaSplit.EnumeratorState checkpoint) {
        return new KafkaEnumerator(this, context, checkpoint);
    }

    @Override
    public SourceReader<KafkaSplit> createReader(SourceReaderContext context) {
        return new KafkaSourceReader(this, context);
    }

    @Override
    public SimpleVersionedSerializer<KafkaSplit> splitSerializer() {
        return KafkaSplit.SERIALIZER;
    }

    @Override
    public SimpleVersionedSerializer<KafkaSplit.EnumeratorState> enumeratorStateSerializer() {
        return KafkaSplit.EnumeratorState.SERIALIZER;
    }
}
