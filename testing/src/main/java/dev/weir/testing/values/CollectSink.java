package dev.weir.testing.values;

import dev.weir.api.data.Row;
import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.sink.CommitRequest;
import dev.weir.api.sink.Committer;
import dev.weir.api.sink.CommittingSinkWriter;
import dev.weir.api.sink.Sink;
import dev.weir.api.sink.SinkWriter;
import dev.weir.api.sink.SupportsCommitter;
import dev.weir.api.sink.WriterInitContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The 'collect' sink: at-least-once, rows go to {@link TestValues} as they are written. */
class CollectSink implements Sink {

    final String sinkId;
    final long failAfterRows;

    CollectSink(String sinkId, long failAfterRows) {
        this.sinkId = sinkId;
        this.failAfterRows = failAfterRows;
    }

    @Override
    public SinkWriter createWriter(WriterInitContext context) {
        return new SinkWriter() {
            @Override
            public void write(Row row) {
                failIfInjected(false);
                TestValues.append(sinkId, List.of(row.copy()));
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }

    void failIfInjected(boolean afterACheckpoint) {
        if (failAfterRows >= 0) {
            TestValues.failures(sinkId).failIfDue(failAfterRows, afterACheckpoint,
                    "'collect' sink " + sinkId + " ('sink.fail-after-rows' = " + failAfterRows + ")");
        }
    }

    /** A checkpoint's rows of one writer, with an id that makes committing it twice a no-op. */
    record Batch(String id, List<Row> rows) implements Serializable {
    }

    /** Exactly-once: a writer's rows become visible when the checkpoint that prepared them is committed. */
    static final class Transactional extends CollectSink implements SupportsCommitter<Batch> {

        Transactional(String sinkId, long failAfterRows) {
            super(sinkId, failAfterRows);
        }

        @Override
        public CommittingSinkWriter<Batch> createWriter(WriterInitContext context) {
            return new CommittingSinkWriter<>() {
                private final List<Row> pending = new ArrayList<>();

                @Override
                public void write(Row row) {
                    failIfInjected(true);
                    pending.add(row.copy());
                }

                @Override
                public void flush(boolean endOfInput) {
                }

                @Override
                public Collection<Batch> prepareCommit() {
                    if (pending.isEmpty()) {
                        return List.of();
                    }
                    Batch batch = new Batch(UUID.randomUUID().toString(), List.copyOf(pending));
                    pending.clear();
                    return List.of(batch);
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public Committer<Batch> createCommitter() {
            return requests -> {
                for (CommitRequest<Batch> request : requests) {
                    if (!TestValues.commit(sinkId, request.committable().id(), request.committable().rows())) {
                        request.signalAlreadyCommitted();
                    }
                }
            };
        }

        @Override
        public SimpleVersionedSerializer<Batch> committableSerializer() {
            return new SimpleVersionedSerializer<>() {
                @Override
                public int version() {
                    return 1;
                }

                @Override
                public byte[] serialize(Batch batch) throws IOException {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                        out.writeObject(batch);
                    }
                    return bytes.toByteArray();
                }

                @Override
                public Batch deserialize(int version, byte[] bytes) throws IOException {
                    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
                        return (Batch) in.readObject();
                    } catch (ClassNotFoundException e) {
                        throw new IOException(e);
                    }
                }
            };
        }
    }
}
