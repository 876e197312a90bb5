package dev.weir.engine.testing;

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

/** Test sinks: a plain collecting sink, and one with two-phase commit (rows become visible when committed). */
public final class TestSink {
    private TestSink() {
    }

    /** A prepared transaction: its rows, visible once committed; committing twice is a no-op. */
    public record Transaction(String id, List<Row> rows) implements Serializable {
    }

    /** Collects rows; with a marker path, each writer creates that file (suffixed by subtask) when closed. */
    static Sink plain(String name, String closedMarker) {
        return (Sink) context -> new Writer(TestSinkStore.get(name)) {
            @Override
            void accept(Row row) {
                store.write(row);
            }

            @Override
            public void close() throws java.io.IOException {
                if (closedMarker != null) {
                    java.nio.file.Files.writeString(java.nio.file.Path.of(closedMarker + "." + context.subtaskIndex()), "closed");
                }
            }
        };
    }

    static Sink twoPhase(String name) {
        return new TwoPhase(name);
    }

    private abstract static class Writer implements SinkWriter {
        final TestSinkStore store;

        Writer(TestSinkStore store) {
            this.store = store;
        }

        abstract void accept(Row row);

        @Override
        public void write(Row row) throws InterruptedException {
            if (store.writePermits != null) {
                store.writePermits.acquire();
            }
            String fail = store.failOnce;
            if (fail != null && row.toString().contains(fail) && store.failed.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure");
            }
            accept(row);
        }

        @Override
        public void flush(boolean endOfInput) {
        }

        @Override
        public void close() throws Exception {
        }
    }

    private static final class TwoPhase implements SupportsCommitter<Transaction> {
        private final String name;

        TwoPhase(String name) {
            this.name = name;
        }

        @Override
        public CommittingSinkWriter<Transaction> createWriter(WriterInitContext context) {
            TestSinkStore store = TestSinkStore.get(name);
            return new TransactionalWriter(store);
        }

        @Override
        public Committer<Transaction> createCommitter() {
            TestSinkStore store = TestSinkStore.get(name);
            return new Committer<>() {
                @Override
                public void commit(Collection<CommitRequest<Transaction>> requests) {
                    for (CommitRequest<Transaction> r : requests) {
                        store.commit(r.committable().id(), r.committable().rows());
                    }
                }
            };
        }

        @Override
        public SimpleVersionedSerializer<Transaction> committableSerializer() {
            return new SimpleVersionedSerializer<>() {
                @Override
                public int version() {
                    return 1;
                }

                @Override
                public byte[] serialize(Transaction value) throws IOException {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                        out.writeObject(value);
                    }
                    return bytes.toByteArray();
                }

                @Override
                public Transaction deserialize(int version, byte[] serialized) throws IOException {
                    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialized))) {
                        return (Transaction) in.readObject();
                    } catch (ClassNotFoundException e) {
                        throw new IOException(e);
                    }
                }
            };
        }
    }

    private static final class TransactionalWriter extends Writer implements CommittingSinkWriter<Transaction> {
        private List<Row> open = new ArrayList<>();

        TransactionalWriter(TestSinkStore store) {
            super(store);
        }

        @Override
        void accept(Row row) {
            open.add(row.copy());
        }

        @Override
        public Collection<Transaction> prepareCommit() {
            Transaction t = new Transaction(UUID.randomUUID().toString(), open);
            open = new ArrayList<>();
            return List.of(t);
        }
    }
}
