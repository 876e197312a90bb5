package dev.weir.connectors.pulsar;

import dev.weir.api.format.RowDecoder;
import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.source.Boundedness;
import dev.weir.api.source.Source;
import dev.weir.api.source.SourceReader;
import dev.weir.api.source.SourceReaderContext;
import dev.weir.api.source.SplitEnumerator;
import dev.weir.api.source.SplitEnumeratorContext;
import org.apache.pulsar.client.api.SubscriptionType;

/**
 * The Pulsar source: one split per partition (a topic without partitions is one split), assigned by
 * a discovering enumerator to non-blocking readers that consume through the table's subscription.
 */
final class PulsarSource implements Source<PulsarSplit, PulsarSplit.EnumeratorState> {

    final PulsarClients clients;
    final TopicSelection topics;
    final String subscriptionName;
    final SubscriptionType subscriptionType;
    final StartCursor start;
    final StopCursor stop;
    final long discoveryIntervalMillis;
    final MessageLayout layout;
    final RowDecoder keyDecoder;
    final RowDecoder valueDecoder;

    PulsarSource(PulsarClients clients, TopicSelection topics, String subscriptionName, SubscriptionType subscriptionType,
                 StartCursor start, StopCursor stop, long discoveryIntervalMillis, MessageLayout layout,
                 RowDecoder keyDecoder, RowDecoder valueDecoder) {
        this.clients = clients;
        this.topics = topics;
        this.subscriptionName = subscriptionName;
        this.subscriptionType = subscriptionType;
        this.start = start;
        this.stop = stop;
        this.discoveryIntervalMillis = discoveryIntervalMillis;
        this.layout = layout;
        this.keyDecoder = keyDecoder;
        this.valueDecoder = valueDecoder;
    }

    @Override
    public Boundedness boundedness() {
        return stop.bounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<PulsarSplit, PulsarSplit.EnumeratorState> createEnumerator(SplitEnumeratorContext<PulsarSplit> context) {
        return new PulsarEnumerator(this, context, null);
    }

    @Override
    public SplitEnumerator<PulsarSplit, PulsarSplit.EnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<PulsarSplit> context, PulsarSplit.EnumeratorState checkpoint) {
        return new PulsarEnumerator(this, context, checkpoint);
    }

    @Override
    public SourceReader<PulsarSplit> createReader(SourceReaderContext context) {
        return new PulsarSourceReader(this, context);
    }

    @Override
    public SimpleVersionedSerializer<PulsarSplit> splitSerializer() {
        return PulsarSplit.SERIALIZER;
    }

    @Override
    public SimpleVersionedSerializer<PulsarSplit.EnumeratorState> enumeratorStateSerializer() {
        return PulsarSplit.EnumeratorState.SERIALIZER;
    }
}
