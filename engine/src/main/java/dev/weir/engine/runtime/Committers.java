package dev.weir.engine.runtime;

import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.sink.CommitRequest;
import dev.weir.api.sink.Committer;
import dev.weir.api.sink.SupportsCommitter;
import dev.weir.engine.plan.PhysicalPlan;
import dev.weir.engine.plan.PlanNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The committers of the job's two-phase-commit sinks, one per sink, run by the checkpoint
 * coordinator after a checkpoint is durable, on restore, and when a bounded job ends. Committers
 * are idempotent, so committing a checkpoint's committables again after a failure is safe.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class Committers implements AutoCloseable {
    private static final int MAX_ROUNDS = 20;
    private static final long RETRY_PAUSE_MILLIS = 100;

    private final Map<String, SupportsCommitter> sinks = new HashMap<>();
    private final Map<String, Committer> committers = new HashMap<>();

    Committers(PhysicalPlan plan) {
        for (PlanNode.SinkNode node : plan.sinks()) {
            if (node.isCommitting()) {
                sinks.put(node.id(), (SupportsCommitter) node.newSink());
            }
        }
    }

    boolean isCommitting(String sinkId) {
        return sinks.containsKey(sinkId);
    }

    byte[] serialize(String sinkId, List<Object> committables) throws IOException {
        return StateBytes.writeList(committables, (SimpleVersionedSerializer) sinks.get(sinkId).committableSerializer());
    }

    List<Object> deserialize(String sinkId, byte[] bytes) throws IOException {
        return StateBytes.readList(bytes, (SimpleVersionedSerializer) sinks.get(sinkId).committableSerializer());
    }

    /** Commits everything of a checkpoint (restored one included); throws when a committable fails for good. */
    synchronized void commit(Map<String, List<Object>> bySink) throws Exception {
        for (Map.Entry<String, List<Object>> e : bySink.entrySet()) {
            if (!e.getValue().isEmpty() && sinks.containsKey(e.getKey())) {
                commit(e.getKey(), e.getValue());
            }
        }
    }

    synchronized void commitRestored(CheckpointData checkpoint) throws Exception {
        for (Map.Entry<String, byte[]> e : checkpoint.committables().entrySet()) {
            if (sinks.containsKey(e.getKey())) {
                commit(e.getKey(), deserialize(e.getKey(), e.getValue()));
            }
        }
    }

    private void commit(String sinkId, List<Object> committables) throws Exception {
        Committer committer = committers.get(sinkId);
        if (committer == null) {
            committer = sinks.get(sinkId).createCommitter();
            committers.put(sinkId, committer);
        }
        List<Request> pending = new ArrayList<>();
        for (Object c : committables) {
            pending.add(new Request(c));
        }
        for (int round = 0; !pending.isEmpty(); round++) {
            committer.commit((Collection) pending);
            List<Request> retry = new ArrayList<>();
            for (Request r : pending) {
                if (r.failure != null) {
                    throw new IllegalStateException("Committing " + r.committable + " failed: " + r.failure.getMessage(), r.failure);
                }
                if (r.retry) {
                    r.retry = false;
                    r.retries++;
                    retry.add(r);
                }
            }
            if (!retry.isEmpty() && round >= MAX_ROUNDS) {
                throw new IllegalStateException("Committing " + retry.get(0).committable + " still asks for a retry after "
                        + MAX_ROUNDS + " attempts.");
            }
            if (!retry.isEmpty()) {
                Thread.sleep(RETRY_PAUSE_MILLIS);
            }
            pending = retry;
        }
    }

    @Override
    public synchronized void close() {
        for (Committer c : committers.values()) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing left to commit with it
            }
        }
        committers.clear();
    }

    private static final class Request implements CommitRequest<Object> {
        Object committable;
        int retries;
        boolean retry;
        Throwable failure;

        Request(Object committable) {
            this.committable = committable;
        }

        @Override
        public Object committable() {
            return committable;
        }

        @Override
        public int numberOfRetries() {
            return retries;
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            failure = t;
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            failure = t;
        }

        @Override
        public void retryLater() {
            retry = true;
        }

        @Override
        public void updateAndRetryLater(Object committable) {
            this.committable = committable;
            retry = true;
        }

        @Override
        public void signalAlreadyCommitted() {
        }
    }
}
