package dev.weir.python.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.api.data.Row;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.spec.ValueCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** A submitted job and, when it collects, the queue its rows arrive in (bounded: back-pressure). */
final class RunningJob {
    private final JobExecution execution;
    private final BlockingQueue<Row> collected;

    RunningJob(JobExecution execution, BlockingQueue<Row> collected) {
        this.execution = execution;
        this.collected = collected;
    }

    JobExecution execution() {
        return execution;
    }

    /**
     * Up to {@code maxRows} collected rows, waiting up to {@code timeoutMillis} for the first.
     * {@code finished} is true once the job has ended and every row was handed out; a failed job
     * throws its failure once its rows are drained.
     */
    ObjectNode fetch(int maxRows, long timeoutMillis) throws InterruptedException {
        if (collected == null) {
            throw new IllegalStateException("This job has no collect sink: it was submitted by execute_insert.");
        }
        // Read the status before draining: rows a finished job produced are all queued by then.
        boolean ended = execution.status() != JobExecution.Status.RUNNING;
        List<Row> rows = new ArrayList<>();
        Row first = ended ? collected.poll() : collected.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (first != null) {
            rows.add(first);
            collected.drainTo(rows, maxRows - 1);
        }
        boolean finished = ended && collected.isEmpty();
        if (finished && rows.isEmpty() && execution.status() == JobExecution.Status.FAILED) {
            execution.await();
        }
        ObjectNode result = ProtocolWriter.MAPPER.createObjectNode();
        ArrayNode out = result.putArray("rows");
        for (Row row : rows) {
            ObjectNode item = out.addObject().put("kind", row.kind().shortString());
            item.set("values", ValueCodec.toJson(row.values()));
        }
        result.put("finished", finished);
        return result;
    }

    /** The status as Python names it (Flink's JobStatus spells CANCELED with one L). */
    String status() {
        JobExecution.Status status = execution.status();
        return status == JobExecution.Status.CANCELLED ? "CANCELED" : status.name();
    }
}
