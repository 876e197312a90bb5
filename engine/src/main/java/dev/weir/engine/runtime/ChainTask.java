package dev.weir.engine.runtime;

import dev.weir.api.metrics.InMemoryMetricGroup;
import dev.weir.api.metrics.MetricGroup;
import dev.weir.engine.plan.PhysicalPlan;
import dev.weir.engine.plan.PlanNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One parallel subtask of a chain, run by its own thread: operators call each other directly; the
 * chain's input is a source reader ({@link SourceTask}) or an input gate ({@link InputTask}), its
 * output a sink or an {@link ExchangeOutput}.
 */
abstract class ChainTask implements Runnable {
    final PhysicalPlan.Chain chain;
    final int subtask;
    final int parallelism;
    final InputGate gate;
    final TaskListener listener;
    final InMemoryMetricGroup metrics;
    final RestoredState restored;
    final int attemptNumber;
    /** Operators after the chain's head, in order; late-row sinks come after their window operator. */
    final List<StreamOperator> operators = new ArrayList<>();
    ExchangeOutput exchange;
    /** Where the chain's head pushes rows. */
    Downstream first;
    volatile boolean cancelled;
    private volatile boolean finished;
    Thread thread;

    ChainTask(PhysicalPlan.Chain chain, int subtask, int parallelism, InputGate gate, TaskListener listener,
              InMemoryMetricGroup metrics, RestoredState restored, int attemptNumber) {
        this.chain = chain;
        this.subtask = subtask;
        this.parallelism = parallelism;
        this.gate = gate;
        this.listener = listener;
        this.metrics = metrics;
        this.restored = restored;
        this.attemptNumber = attemptNumber;
    }

    String name() {
        return "Chain " + chain.index() + " (" + (subtask + 1) + "/" + parallelism + ")";
    }

    boolean isFinished() {
        return finished;
    }

    /** Builds operators tail to head, so each knows its downstream. */
    void buildOperators(ExchangeOutput exchange, boolean streaming) {
        this.exchange = exchange;
        Downstream next = exchange;
        List<PlanNode> nodes = chain.operators();
        int firstOperator = chain.isSource() ? 1 : 0;
        List<StreamOperator> reversed = new ArrayList<>();
        for (int i = nodes.size() - 1; i >= firstOperator; i--) {
            StreamOperator op = createOperator(nodes.get(i), next, reversed, streaming);
            reversed.add(op);
            next = op;
        }
        for (int i = reversed.size() - 1; i >= 0; i--) {
            operators.add(reversed.get(i));
        }
        first = next;
    }

    private StreamOperator createOperator(PlanNode node, Downstream next, List<StreamOperator> created, boolean streaming) {
        if (node instanceof PlanNode.CalcNode calc) {
            return new CalcOperator(calc, subtask, parallelism, next);
        } else if (node instanceof PlanNode.PythonCalcNode python) {
            return new PythonCalcOperator(python, subtask, parallelism, next, gate::putMail);
        } else if (node instanceof PlanNode.UnnestNode unnest) {
            return new UnnestOperator(unnest, subtask, parallelism, next);
        } else if (node instanceof PlanNode.ChangelogNormalizeNode normalize) {
            return new ChangelogNormalizeOperator(normalize, subtask, parallelism, streaming, next);
        } else if (node instanceof PlanNode.GroupAggregateNode agg) {
            return new GroupAggregateOperator(agg, subtask, parallelism, streaming, next, gate::putMail);
        } else if (node instanceof PlanNode.WindowAggregateNode window) {
            SinkOperator lateSink = null;
            if (window.lateSink() != null) {
                lateSink = new SinkOperator(window.lateSink(), subtask, parallelism, attemptNumber, restored.checkpointId());
                created.add(0, lateSink);
            }
            return new WindowAggregateOperator(window, subtask, parallelism, next, lateSink, gate::putMail);
        } else if (node instanceof PlanNode.SinkNode sink) {
            return new SinkOperator(sink, subtask, parallelism, attemptNumber, restored.checkpointId());
        }
        throw new IllegalStateException("No operator for " + node.name());
    }

    @Override
    public final void run() {
        try {
            for (StreamOperator op : operators) {
                op.open(operatorMetrics(op.name), restored.statesFor(op.id, subtask, parallelism, !(op instanceof SinkOperator)));
            }
            runTask();
            finished = true;
            listener.taskFinished(this);
        } catch (Throwable t) {
            if (!cancelled) {
                // described before closeAll releases the state that the message measures
                listener.taskFailed(this, MemoryExhaustedException.ifOutOfMemory(t, metrics));
            }
        } finally {
            closeAll();
        }
    }

    abstract void runTask() throws Exception;

    void closeAll() {
        // by index: on a full heap even an iterator may not be allocatable, and the state must still go
        for (int i = 0; i < operators.size(); i++) {
            try {
                operators.get(i).close();
            } catch (Exception e) {
                if (!cancelled) {
                    listener.taskFailed(this, e);
                }
            }
        }
    }

    MetricGroup operatorMetrics(String operatorName) {
        return metrics.addGroup(operatorName).addGroup(String.valueOf(subtask));
    }

    /** Snapshots every operator in chain order, reports it, then sends the barrier downstream. */
    void checkpoint(long checkpointId, Map<String, byte[]> states) throws Exception {
        Map<String, List<Object>> committables = new HashMap<>();
        for (StreamOperator op : operators) {
            byte[] state = op.snapshotState(checkpointId);
            if (state != null) {
                states.put(op.id, state);
            }
            if (op instanceof SinkOperator sink && sink.isCommitting()) {
                committables.put(op.id, sink.takePreparedCommittables());
            }
        }
        listener.acknowledgeCheckpoint(checkpointId, this, states, committables);
        if (exchange != null) {
            exchange.barrier(checkpointId);
        }
    }

    /** Committables the sinks prepared at the end of input. */
    Map<String, List<Object>> finalCommittables() {
        Map<String, List<Object>> out = new HashMap<>();
        for (StreamOperator op : operators) {
            if (op instanceof SinkOperator sink && sink.isCommitting()) {
                out.put(op.id, sink.finalCommittables());
            }
        }
        return out;
    }

    /** Called when the chain runs out of input: operators and then the exchange send what they hold. */
    void flushIdle() {
        for (StreamOperator op : operators) {
            op.flushBuffered();
        }
        if (exchange != null) {
            exchange.flush();
        }
    }

    void notifyCheckpointComplete(long checkpointId) throws Exception {
    }

    void cancel() {
        cancelled = true;
        gate.close();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
