package dev.weir.engine.expr;

import dev.weir.api.metrics.MetricGroup;
import java.util.function.Consumer;

/**
 * Where a function instance runs: one subtask of an operator.
 *
 * @param metrics the operator's metric group for this subtask
 * @param mailbox runs an action on the operator's thread, between rows; an exception it throws
 *                fails the operator (a Python worker that died while idle reports itself so)
 */
public record OperatorContext(String operator, int subtask, int parallelism, MetricGroup metrics, Consumer<Runnable> mailbox) {
}
