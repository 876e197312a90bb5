package dev.weir.api.source;

import dev.weir.api.io.SimpleVersionedSerializer;
import java.io.Serializable;

/**
 * A source, split into a coordinator and parallel readers, in the shape of Flink's Source v2 so
 * that a Weir source runs unchanged on Flink through an adapter.
 *
 * <ul>
 *   <li>One {@link SplitEnumerator} discovers splits and assigns them to readers.</li>
 *   <li>One {@link SourceReader} per parallel subtask reads its splits without blocking.</li>
 *   <li>Checkpoints hold the enumerator's state and each reader's splits with their positions.</li>
 * </ul>
 *
 * <p>Serializable because a distributed engine ships it to its workers. An engine gives the
 * enumerator and every reader its own deserialized copy (as Flink does), so a source may hold
 * non-thread-safe decoders and hand them to its readers.
 *
 * @param <SplitT> the split type
 * @param <EnumStateT> the enumerator's checkpoint type
 */
public interface Source<SplitT extends SourceSplit, EnumStateT> extends Serializable {
    Boundedness boundedness();

    SplitEnumerator<SplitT, EnumStateT> createEnumerator(SplitEnumeratorContext<SplitT> context) throws Exception;

    SplitEnumerator<SplitT, EnumStateT> restoreEnumerator(SplitEnumeratorContext<SplitT> context,
                                                          EnumStateT checkpoint) throws Exception;

    SourceReader<SplitT> createReader(SourceReaderContext context) throws Exception;

    SimpleVersionedSerializer<SplitT> splitSerializer();

    SimpleVersionedSerializer<EnumStateT> enumeratorStateSerializer();
}
