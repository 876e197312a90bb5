package dev.weir.engine.runtime;

import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.engine.plan.PlanNode;
import java.util.List;

/**
 * One output row per element of the input's last column, an ARRAY of ROWs ({@link PlanNode.UnnestNode}):
 * the other columns, then the element's fields. Inserts and update-afters give inserts; update-befores
 * and deletes give deletes, retracting rows emitted before.
 */
final class UnnestOperator extends StreamOperator {
    private final Downstream out;
    private final int arity;

    UnnestOperator(PlanNode.UnnestNode node, int subtask, int parallelism, Downstream out) {
        super(node.id(), node.name(), subtask, parallelism);
        this.out = out;
        this.arity = node.outputType().fieldCount();
    }

    @Override
    public void accept(Row row) {
        numRecordsIn++;
        RowKind kind = row.kind().isAccumulate() ? RowKind.INSERT : RowKind.DELETE;
        int nested = row.arity() - 1;
        List<?> elements = (List<?>) row.getField(nested);
        for (Object element : elements) {
            Row fields = (Row) element;
            Object[] values = new Object[arity];
            for (int i = 0; i < nested; i++) {
                values[i] = row.getField(i);
            }
            for (int i = 0; i < fields.arity(); i++) {
                values[nested + i] = fields.getField(i);
            }
            numRecordsOut++;
            out.accept(new Row(kind, values));
        }
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
