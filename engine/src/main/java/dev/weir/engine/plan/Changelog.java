package dev.weir.engine.plan;

import dev.weir.api.data.ChangelogMode;
import dev.weir.api.data.RowKind;
import dev.weir.engine.expr.CompiledExpression;
import java.util.ArrayList;
import java.util.List;

/**
 * What an operator emits, derived at planning as Flink does: its {@link ChangelogMode}, the output
 * columns that identify the row an update or delete applies to (its unique key), and the operator
 * that first made the stream updating, for error messages.
 *
 * @param uniqueKey output column indexes, sorted; empty for a single-row result (a global
 *                  aggregation); null when no columns identify a row or the stream is insert-only
 * @param updatedBy the name of the operator whose updates these are; null for an insert-only stream
 */
public record Changelog(ChangelogMode mode, List<Integer> uniqueKey, String updatedBy) {
    public static final Changelog INSERT_ONLY = new Changelog(ChangelogMode.insertOnly(), null, null);

    public Changelog {
        uniqueKey = uniqueKey == null ? null : uniqueKey.stream().sorted().toList();
    }

    /** Rows of {@code updatedBy}, changed by key. */
    static Changelog updating(ChangelogMode mode, List<Integer> uniqueKey, String updatedBy) {
        return mode.isInsertOnly() ? INSERT_ONLY : new Changelog(mode, uniqueKey, updatedBy);
    }

    public boolean isInsertOnly() {
        return mode.isInsertOnly();
    }

    /**
     * True for upserts: updates without the rows they replace, as a source like upsert-kafka gives
     * them. The planner normalizes them into a full changelog before anything reads them.
     */
    public boolean isUpsert() {
        return !mode.isInsertOnly() && !mode.contains(RowKind.UPDATE_BEFORE);
    }

    /** The same changes after a projection: the key survives when every key column is projected unchanged. */
    Changelog project(List<CompiledExpression> projection) {
        if (isInsertOnly() || uniqueKey == null || projection == null) {
            return this;
        }
        List<Integer> projected = new ArrayList<>();
        for (int column : uniqueKey) {
            int at = -1;
            for (int i = 0; i < projection.size() && at < 0; i++) {
                if (projection.get(i).inputColumn() == column) {
                    at = i;
                }
            }
            if (at < 0) {
                return new Changelog(mode, null, updatedBy);
            }
            projected.add(at);
        }
        return new Changelog(mode, projected, updatedBy);
    }

    /** The same changes where one input row may become several output rows: no columns identify a row. */
    Changelog withoutKey() {
        return isInsertOnly() ? this : new Changelog(mode, null, updatedBy);
    }

    /** The changes of several inputs merged: a key no longer identifies a row across them. */
    static Changelog union(List<Changelog> inputs) {
        ChangelogMode mode = ChangelogMode.insertOnly();
        String updatedBy = null;
        for (Changelog c : inputs) {
            mode = mode.union(c.mode);
            if (updatedBy == null) {
                updatedBy = c.updatedBy;
            }
        }
        return updating(mode, null, updatedBy);
    }

    /** For plans: the mode, with the unique key's column names. */
    String describe(List<String> columnNames) {
        if (isInsertOnly()) {
            return "changelog " + mode;
        }
        String key = uniqueKey == null ? "no unique key"
                : "unique key (" + String.join(", ", uniqueKey.stream().map(columnNames::get).toList()) + ")";
        return "changelog " + mode + ", " + key;
    }
}
