package dev.weir.engine.runtime;

import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.engine.expr.CompiledExpression;
import dev.weir.engine.plan.PlanNode;

/**
 * Filter and/or projection. The output row is reused from row to row (downstream operators that
 * keep rows copy them, as the Row contract says), so a chained calc allocates one value array per row.
 */
final class CalcOperator extends StreamOperator {
    private final Downstream out;
    private final CompiledExpression condition;
    private final CompiledExpression[] projection;
    private final Row output;
    private final Object[] values;

    CalcOperator(PlanNode.CalcNode node, int subtask, int parallelism, Downstream out) {
        super(node.id(), node.name(), subtask, parallelism);
        this.out = out;
        this.condition = node.condition() == null ? null : node.condition().copy();
        this.projection = node.projection() == null ? null
                : node.projection().stream().map(CompiledExpression::copy).toArray(CompiledExpression[]::new);
        this.values = projection == null ? null : new Object[projection.length];
        this.output = projection == null ? null : new Row(RowKind.INSERT, values);
    }

    @Override
    public void accept(Row row) {
        numRecordsIn++;
        if (condition != null) {
            Object keep;
            try {
                keep = condition.eval(row);
            } catch (RuntimeException e) {
                throw failure(row, e);
            }
            if (!Boolean.TRUE.equals(keep)) {
                return;
            }
        }
        if (projection == null) {
            numRecordsOut++;
            out.accept(row);
            return;
        }
        try {
            for (int i = 0; i < projection.length; i++) {
                values[i] = projection[i].eval(row);
            }
        } catch (RuntimeException e) {
            throw failure(row, e);
        }
        output.setKind(row.kind());
        numRecordsOut++;
        out.accept(output);
    }

    @Override
    public void watermark(long watermark) {
        out.watermark(watermark);
    }

    @Override
    public void endInput() {
        out.endInput();
    }
}
