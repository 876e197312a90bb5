package dev.weir.engine.expr.impl;

import java.util.Map;

/**
 * A parsed expression: its tree, the alias of a select item ({@code expr AS alias}, else null) and the
 * source text of every node, which error messages and aggregate names quote.
 */
record ParsedExpression(String text, Node root, String alias, Map<Node, String> sourceText) {
    /** The node's text as written, or the whole expression for nodes synthesised by the parser. */
    String textOf(Node node) {
        String source = sourceText.get(node);
        return source != null ? source : text;
    }
}
