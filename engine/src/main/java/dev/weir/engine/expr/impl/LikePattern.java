package dev.weir.engine.expr.impl;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.engine.expr.EvaluationException;
import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * A compiled LIKE pattern ({@code %} any sequence, {@code _} one character, optional ESCAPE). The usual
 * shapes ('abc', 'abc%', '%abc', '%abc%') are matched with String methods; others by a regex.
 */
final class LikePattern implements Serializable {
    private enum Shape { EXACT, PREFIX, SUFFIX, CONTAINS, REGEX }

    private final Shape shape;
    private final String literal;
    private final Pattern regex;

    private LikePattern(Shape shape, String literal, Pattern regex) {
        this.shape = shape;
        this.literal = literal;
        this.regex = regex;
    }

    static LikePattern compile(String pattern, Character escape) {
        StringBuilder regex = new StringBuilder();
        StringBuilder plain = new StringBuilder();
        boolean wildcards = false;
        boolean onlyPercentAtEnds = true;
        boolean leadingPercent = false;
        boolean trailingPercent = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (escape != null && c == escape) {
                if (i + 1 >= pattern.length()) {
                    throw new IllegalArgumentException("the pattern '" + pattern + "' ends with the escape character");
                }
                char escaped = pattern.charAt(++i);
                regex.append(Pattern.quote(String.valueOf(escaped)));
                plain.append(escaped);
            } else if (c == '%') {
                wildcards = true;
                regex.append("(?s:.*)");
                if (i == 0) {
                    leadingPercent = true;
                } else if (i == pattern.length() - 1) {
                    trailingPercent = true;
                } else {
                    onlyPercentAtEnds = false;
                }
            } else if (c == '_') {
                wildcards = true;
                onlyPercentAtEnds = false;
                regex.append("(?s:.)");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
                plain.append(c);
            }
        }
        if (!wildcards) {
            return new LikePattern(Shape.EXACT, plain.toString(), null);
        }
        if (onlyPercentAtEnds && pattern.length() > 1) {
            Shape shape = leadingPercent && trailingPercent ? Shape.CONTAINS
                    : leadingPercent ? Shape.SUFFIX : Shape.PREFIX;
            return new LikePattern(shape, plain.toString(), null);
        }
        return new LikePattern(Shape.REGEX, null, Pattern.compile(regex.toString()));
    }

    boolean matches(String value) {
        return switch (shape) {
            case EXACT -> value.equals(literal);
            case PREFIX -> value.startsWith(literal);
            case SUFFIX -> value.endsWith(literal);
            case CONTAINS -> value.contains(literal);
            case REGEX -> regex.matcher(value).matches();
        };
    }

    static final class Match extends Evaluator {
        private final Evaluator value;
        private final LikePattern pattern;
        private final boolean negated;

        Match(Evaluator value, LikePattern pattern, boolean negated, DataType type, String sql) {
            super(type, sql);
            this.value = value;
            this.pattern = pattern;
            this.negated = negated;
        }

        @Override
        public Object eval(Row input) {
            Object v = value.eval(input);
            return v == null ? null : pattern.matches((String) v) != negated;
        }
    }

    /** A pattern computed per row; the last compiled pattern is reused while it repeats. */
    static final class DynamicMatch extends Evaluator {
        private final Evaluator value;
        private final Evaluator pattern;
        private final Character escape;
        private final boolean negated;
        /** An immutable (text, pattern) pair, so a race between threads only costs a recompilation. */
        private transient volatile Compiled last;

        private record Compiled(String text, LikePattern pattern) {
        }

        DynamicMatch(Evaluator value, Evaluator pattern, Character escape, boolean negated, DataType type,
                     String sql) {
            super(type, sql);
            this.value = value;
            this.pattern = pattern;
            this.escape = escape;
            this.negated = negated;
        }

        @Override
        public Object eval(Row input) {
            Object v = value.eval(input);
            Object p = pattern.eval(input);
            if (v == null || p == null) {
                return null;
            }
            Compiled compiled = last;
            if (compiled == null || !compiled.text().equals(p)) {
                try {
                    compiled = new Compiled((String) p, compile((String) p, escape));
                } catch (IllegalArgumentException e) {
                    throw new EvaluationException("Invalid LIKE pattern in '" + sql() + "': " + e.getMessage(), e);
                }
                last = compiled;
            }
            return compiled.pattern().matches((String) v) != negated;
        }
    }
}
