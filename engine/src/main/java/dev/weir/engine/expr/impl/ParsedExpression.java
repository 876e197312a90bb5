package dev.weir.engine.expr.impl;

import java.util.Map;

/**
 * A parsed expression: its tree, the alias of a select item ({@code expr AS alias}, else null) and the
 * source text of every node, which error messages and aggregate names quote.
 */
record ParsedExpression(String text, Node root, String alias, Map<Node, Span> sourceText) {
    /** Where a node's text is; its string is made only when asked for (nested nodes share their text). */
    record Span(int start, int end) {
    }

    /** The node's text as written, or the whole expression for nodes synthesised by the parser. */
    String textOf(Node node) {
        Span source = sourceText.get(node);
        return source != null ? text.substring(source.start(), source.end()) : text;
    }
}
