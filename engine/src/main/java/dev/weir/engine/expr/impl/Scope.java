package dev.weir.engine.expr.impl;

import dev.weir.api.factory.Suggestions;
import dev.weir.api.types.DataType;
import dev.weir.api.types.TypeRoot;
import dev.weir.engine.expr.PlanException;
import java.util.List;

/** Resolves column names to evaluators, or explains why a name cannot be used. */
interface Scope {
    /**
     * @param nodeText the reference as written
     * @param expressionText the whole expression, for the error message
     */
    Evaluator resolve(Node.Column column, String nodeText, String expressionText);

    /**
     * Columns of a ROW type. A dotted name is first looked up whole (window properties arrive as columns
     * literally named {@code w.start}), then as a column followed by nested ROW field names.
     */
    record RowScope(DataType rowType) implements Scope {
        @Override
        public Evaluator resolve(Node.Column column, String nodeText, String expressionText) {
            Evaluator found = find(column, nodeText, expressionText);
            if (found == null) {
                throw unknownColumn(column.joined(), rowType.fieldNames(), expressionText);
            }
            return found;
        }

        /** The column, or null when no prefix of the name is a column. */
        Evaluator find(Node.Column column, String nodeText, String expressionText) {
            List<String> parts = column.parts();
            for (int prefix = parts.size(); prefix >= 1; prefix--) {
                int index = rowType.fieldIndex(String.join(".", parts.subList(0, prefix)));
                if (index >= 0) {
                    String name = prefix == parts.size() ? nodeText : String.join(".", parts.subList(0, prefix));
                    Evaluator evaluator = new Leaves.ColumnRef(index, rowType.fieldType(index), name);
                    return nestedFields(evaluator, parts.subList(prefix, parts.size()), nodeText, expressionText);
                }
            }
            return null;
        }

        private static Evaluator nestedFields(Evaluator parent, List<String> fields, String nodeText,
                                              String expressionText) {
            Evaluator current = parent;
            for (int i = 0; i < fields.size(); i++) {
                String field = fields.get(i);
                DataType type = current.type();
                if (type.root() != TypeRoot.ROW) {
                    throw new PlanException("Cannot access field '" + field + "' of '" + current.sql() + "' of type "
                            + Types.name(type) + " in '" + expressionText + "': it is not a ROW");
                }
                int index = type.fieldIndex(field);
                if (index < 0) {
                    throw new PlanException("Unknown field '" + field + "' of '" + current.sql() + "' in '"
                            + expressionText + "'." + Suggestions.didYouMean(field, type.fieldNames())
                            + " Fields: " + String.join(", ", type.fieldNames()));
                }
                DataType fieldType = type.fieldType(index).withNullability(
                        type.isNullable() || type.fieldType(index).isNullable());
                String name = i == fields.size() - 1 ? nodeText : current.sql() + "." + field;
                current = new Leaves.FieldAccess(current, index, fieldType, name);
            }
            return current;
        }
    }

    static PlanException unknownColumn(String name, List<String> columns, String expressionText) {
        return new PlanException("Unknown column '" + name + "' in '" + expressionText + "'."
                + Suggestions.didYouMean(name, columns) + " Columns: " + String.join(", ", columns));
    }
}
