package dev.weir.engine.expr;

import java.io.Serializable;

/** A select-list item: the output column name ("price * 2 AS doubled" gives "doubled"). */
public record NamedExpression(String name, CompiledExpression expression) implements Serializable {
}
