package dev.weir.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.api.sink.DeliveryGuarantee;
import dev.weir.api.sink.SinkWriter;
import dev.weir.api.sink.WriterInitContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Buffers one subtask's rows as bulk actions and sends them from a background thread, one bulk
 * request at a time, while the next buffer fills.
 *
 * <ul>
 *   <li>A buffer is sent when it holds 'sink.bulk-flush.max-actions' actions or about
 *       'sink.bulk-flush.max-size' bytes, every 'sink.bulk-flush.interval', and at checkpoints.</li>
 *   <li>Back-pressure: when the buffer is full while a request is still in flight (including its
 *       retries), {@link #write} blocks until that request is done.</li>
 *   <li>With a primary key, +I and +U rows index (upsert) the document with the key's id, -D rows
 *       delete it, and -U rows are skipped: the +U that follows replaces the document. A later
 *       action for a document still in the buffer replaces the earlier one.</li>
 *   <li>Without one, Elasticsearch picks the ids and only +I rows are accepted.</li>
 * </ul>
 */
final class ElasticsearchSinkWriter implements SinkWriter {

    private final ElasticsearchSink sink;
    private final ElasticsearchClient client;
    private final BulkSender sender;
    /** One thread: sends bulk requests and runs the interval flush, so requests never overlap. */
    private final ScheduledExecutorService background;

    private final Object lock = new Object();
    /** Buffered actions by document (index and id); actions without an id get a key of their own. */
    private Map<Object, BulkAction> buffer = new LinkedHashMap<>();
    private long bufferedBytes;
    private boolean requestInFlight;
    private RuntimeException failure;

    ElasticsearchSinkWriter(ElasticsearchSink sink, WriterInitContext context) {
        this.sink = sink;
        sink.encoder.open(context.metrics());
        this.client = sink.connection.createClient();
        this.sender = new BulkSender(client, sink.backoff, sink.failureHandler, sink.tableName, context.metrics());
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "weir-elasticsearch-sink-" + sink.tableName + "-" + context.subtaskIndex());
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.background = executor;
        long interval = sink.flushInterval.toMillis();
        if (interval > 0) {
            background.scheduleWithFixedDelay(this::sendIfIdle, interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void write(Row row) throws Exception {
        BulkAction action = actionOf(row);
        synchronized (lock) {
            throwIfFailed();
            if (action == null) {
                return;
            }
            Object key = action.id() == null ? new Object() : action.index() + '\u0000' + action.id();
            BulkAction replaced = buffer.put(key, action);
            bufferedBytes += action.estimatedBytes() - (replaced == null ? 0 : replaced.estimatedBytes());
            if (isFull()) {
                awaitNoRequestInFlight();
                throwIfFailed();
                sendBuffer();
            }
        }
    }

    /** The action for a row, or null for a row that changes nothing (-U with a primary key). */
    private BulkAction actionOf(Row row) {
        if (sink.documentIds == null) {
            if (row.kind() != RowKind.INSERT) {
                throw new IllegalStateException("Table '" + sink.tableName + "' has no primary key, so Elasticsearch picks"
                        + " the document ids and the sink can only append: it cannot apply a " + row.kind()
                        + " row. Declare a PRIMARY KEY to have updates and deletes applied to documents by id.");
            }
            return BulkAction.index(sink.index.indexOf(row), null, sink.encoder.encode(row));
        }
        return switch (row.kind()) {
            case INSERT, UPDATE_AFTER -> BulkAction.index(sink.index.indexOf(row), sink.documentIds.idOf(row), sink.encoder.encode(row));
            case DELETE -> BulkAction.delete(sink.index.indexOf(row), sink.documentIds.idOf(row));
            case UPDATE_BEFORE -> null;
        };
    }

    private boolean isFull() {
        return (sink.maxActions > 0 && buffer.size() >= sink.maxActions)
                || (sink.maxBytes > 0 && bufferedBytes >= sink.maxBytes);
    }

    @Override
    public void flush(boolean endOfInput) throws Exception {
        synchronized (lock) {
            throwIfFailed();
            boolean wait = endOfInput || sink.guarantee != DeliveryGuarantee.NONE;
            if (!wait) {
                if (!requestInFlight) {
                    sendBuffer();
                }
                return;
            }
            awaitNoRequestInFlight();
            throwIfFailed();
            sendBuffer();
            awaitNoRequestInFlight();
            throwIfFailed();
        }
    }

    /** The interval flush: sends what is buffered unless a request is in flight (the next tick will). */
    private void sendIfIdle() {
        synchronized (lock) {
            if (!requestInFlight && failure == null) {
                sendBuffer();
            }
        }
    }

    /** Hands the buffer to the background thread. Called holding the lock, with no request in flight. */
    private void sendBuffer() {
        if (buffer.isEmpty()) {
            return;
        }
        List<BulkAction> batch = new ArrayList<>(buffer.values());
        buffer = new LinkedHashMap<>();
        bufferedBytes = 0;
        requestInFlight = true;
        background.execute(() -> {
            RuntimeException error = null;
            try {
                sender.send(batch);
            } catch (InterruptedException e) {
                error = new IllegalStateException("Table '" + sink.tableName + "': the writer was closed while "
                        + batch.size() + " document(s) were being sent to Elasticsearch", e);
            } catch (RuntimeException e) {
                error = e;
            }
            synchronized (lock) {
                if (error != null && failure == null) {
                    failure = error;
                }
                requestInFlight = false;
                lock.notifyAll();
            }
        });
    }

    private void awaitNoRequestInFlight() throws InterruptedException {
        while (requestInFlight) {
            lock.wait();
        }
    }

    private void throwIfFailed() {
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops sending: buffered documents that were not flushed are dropped (the job replays them from its checkpoint). */
    @Override
    public void close() throws Exception {
        background.shutdownNow();
        client._transport().close();
    }
}
