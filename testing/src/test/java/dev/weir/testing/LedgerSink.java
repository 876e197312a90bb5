package dev.weir.testing;

import dev.weir.api.data.Row;
import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.sink.CommitRequest;
import dev.weir.api.sink.Committer;
import dev.weir.api.sink.CommittingSinkWriter;
import dev.weir.api.sink.SinkWriter;
import dev.weir.api.sink.SupportsCommitter;
import dev.weir.api.sink.SupportsWriterState;
import dev.weir.api.sink.WriterInitContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A two-phase-commit sink for the driver's own tests: writers prepare batches of rows, the
 * committer records them in a ledger (shared through a static map, since every task gets its own
 * copy of the sink) and asks for one retry of each batch first. Writers checkpoint how many rows
 * they have written.
 */
final class LedgerSink implements SupportsCommitter<LedgerSink.Batch>, SupportsWriterState<Long> {
    private static final Map<String, Map<String, List<String>>> LEDGERS = new ConcurrentHashMap<>();

    record Batch(String id, List<String> rows) {
    }

    private final String ledgerId = UUID.randomUUID().toString();

    /** Committed batches by id. */
    Map<String, List<String>> ledger() {
        return LEDGERS.computeIfAbsent(ledgerId, id -> new ConcurrentHashMap<>());
    }

    List<String> committedRows() {
        return ledger().values().stream().flatMap(List::stream).sorted().toList();
    }

    @Override
    public Writer createWriter(WriterInitContext context) {
        return new Writer(0);
    }

    @Override
    public SinkWriter restoreWriter(WriterInitContext context, Collection<Long> recoveredState) {
        return new Writer(recoveredState.stream().mapToLong(Long::longValue).sum());
    }

    @Override
    public Committer<Batch> createCommitter() {
        return requests -> {
            for (CommitRequest<Batch> request : requests) {
                Batch batch = request.committable();
                if (ledger().containsKey(batch.id())) {
                    request.signalAlreadyCommitted();
                } else if (request.numberOfRetries() == 0) {
                    request.retryLater();
                } else {
                    ledger().put(batch.id(), batch.rows());
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
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeUTF(batch.id());
                out.writeInt(batch.rows().size());
                for (String row : batch.rows()) {
                    out.writeUTF(row);
                }
                return bytes.toByteArray();
            }

            @Override
            public Batch deserialize(int version, byte[] serialized) throws IOException {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
                String id = in.readUTF();
                List<String> rows = new ArrayList<>();
                for (int i = in.readInt(); i > 0; i--) {
                    rows.add(in.readUTF());
                }
                return new Batch(id, rows);
            }
        };
    }

    @Override
    public SimpleVersionedSerializer<Long> writerStateSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int version() {
                return 1;
            }

            @Override
            public byte[] serialize(Long written) {
                return written.toString().getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public Long deserialize(int version, byte[] serialized) {
                return Long.parseLong(new String(serialized, StandardCharsets.UTF_8));
            }
        };
    }

    static final class Writer implements CommittingSinkWriter<Batch>, StatefulSinkWriter<Long> {
        private final List<String> buffered = new ArrayList<>();
        private long written;

        Writer(long written) {
            this.written = written;
        }

        @Override
        public void write(Row row) {
            buffered.add(row.toString());
            written++;
        }

        @Override
        public void flush(boolean endOfInput) {
        }

        @Override
        public Collection<Batch> prepareCommit() {
            if (buffered.isEmpty()) {
                return List.of();
            }
            Batch batch = new Batch(UUID.randomUUID().toString(), List.copyOf(buffered));
            buffered.clear();
            return List.of(batch);
        }

        @Override
        public List<Long> snapshotState(long checkpointId) {
            return List.of(written);
        }

        @Override
        public void close() {
        }
    }
}
