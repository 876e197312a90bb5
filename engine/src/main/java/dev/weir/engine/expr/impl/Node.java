package dev.weir.engine.expr.impl;

import dev.weir.api.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsed syntax tree. Nodes are records without source positions, so structural equality finds
 * the same expression written twice (a select item that repeats a group key, a repeated aggregate);
 * {@link ParsedExpression} keeps each node's source text on the side.
 */
sealed interface Node {
    /** The direct sub-expressions, for tree walks. */
    default List<Node> children() {
        return List.of();
    }

    /** A column or nested field reference; {@code parts} are the dot-separated names. */
    record Column(List<String> parts) implements Node {
        String joined() {
            return String.join(".", parts);
        }
    }

    /** A typed literal; the untyped NULL has a null type. */
    record Literal(Object value, DataType type) implements Node {
    }

    /** A DAY-TIME interval literal, only valid as an operand of temporal + and -. */
    record IntervalLiteral(long millis) implements Node {
    }

    /** A keyword argument: an EXTRACT unit, a TRIM side, JSON_OBJECT's ON NULL behaviour. */
    record Symbol(String name) implements Node {
    }

    /** Prefix -, + and NOT. */
    record Unary(String operator, Node operand) implements Node {
        @Override
        public List<Node> children() {
            return List.of(operand);
        }
    }

    /** Infix operators, including AND and OR; {@code operator} is upper case. */
    record Binary(String operator, Node left, Node right) implements Node {
        @Override
        public List<Node> children() {
            return List.of(left, right);
        }
    }

    /** IS [NOT] NULL / TRUE / FALSE. */
    record IsTest(Node operand, String test, boolean negated) implements Node {
        @Override
        public List<Node> children() {
            return List.of(operand);
        }
    }

    record Like(Node value, Node pattern, Node escape, boolean negated) implements Node {
        @Override
        public List<Node> children() {
            return escape == null ? List.of(value, pattern) : List.of(value, pattern, escape);
        }
    }

    record Between(Node value, Node low, Node high, boolean negated) implements Node {
        @Override
        public List<Node> children() {
            return List.of(value, low, high);
        }
    }

    record In(Node value, List<Node> list, boolean negated) implements Node {
        @Override
        public List<Node> children() {
            List<Node> all = new ArrayList<>(list);
            all.add(0, value);
            return all;
        }
    }

    /** Searched CASE when {@code operand} is null, simple CASE otherwise; {@code otherwise} may be null. */
    record Case(Node operand, List<Node> conditions, List<Node> results, Node otherwise) implements Node {
        @Override
        public List<Node> children() {
            List<Node> all = new ArrayList<>();
            if (operand != null) {
                all.add(operand);
            }
            all.addAll(conditions);
            all.addAll(results);
            if (otherwise != null) {
                all.add(otherwise);
            }
            return all;
        }
    }

    record Cast(Node operand, DataType target, boolean orNull) implements Node {
        @Override
        public List<Node> children() {
            return List.of(operand);
        }
    }

    /** A function or aggregate call; {@code name} is upper case; {@code star} is COUNT(*). */
    record Call(String name, List<Node> arguments, boolean distinct, boolean star) implements Node {
        @Override
        public List<Node> children() {
            return arguments;
        }
    }
}
