package dev.weir.engine.expr.impl;

import dev.weir.api.types.DataTypes;
import dev.weir.engine.expr.PlanException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A hand-written Pratt parser for the expression dialect. Binding powers follow Calcite's operator
 * precedence, so expressions group as they do in Flink SQL.
 */
final class Parser {
    private static final int OR = 10;
    private static final int AND = 20;
    private static final int NOT = 25;
    private static final int IS = 28;
    private static final int COMPARISON = 30;
    private static final int PATTERN = 32;
    private static final int ADDITIVE = 40;
    private static final int MULTIPLICATIVE = 60;
    private static final int PREFIX = 70;

    /** Words that never name a column unless backquoted. */
    private static final Set<String> RESERVED = Set.of("AND", "OR", "NOT", "IS", "IN", "LIKE", "BETWEEN", "CASE",
            "WHEN", "THEN", "ELSE", "END", "AS", "NULL", "TRUE", "FALSE", "DISTINCT");

    /**
     * The longest expression text accepted. Generated expressions (an IN list of thousands of
     * values) fit; text far beyond it is a mistake, and refusing it up front keeps the parser and the
     * error messages that quote it small.
     */
    static final int MAX_LENGTH = 100_000;
    /**
     * The deepest nesting accepted: parentheses, operands of operators (a chain {@code a + b + c}
     * nests one level per operator), function arguments. Binding and evaluating an expression
     * recurse over its tree, so the limit keeps them well inside a thread's default stack.
     */
    static final int MAX_DEPTH = 500;
    /** Characters of a refused expression that its error message quotes. */
    private static final int QUOTED_LENGTH = 60;

    private final String text;
    private final List<Token> tokens;
    private final Map<Node, ParsedExpression.Span> sourceText = new IdentityHashMap<>();
    private int index;
    /** Nesting of the node being parsed, checked against {@link #MAX_DEPTH}. */
    private int depth;

    private Parser(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new PlanException("Cannot parse '" + excerpt(text) + "': the expression is " + text.length()
                    + " characters long; the limit is " + MAX_LENGTH + ".");
        }
        this.text = text;
        this.tokens = Lexer.tokenize(text);
    }

    /** Parses a whole expression; trailing text is an error. */
    static ParsedExpression parse(String text) {
        Parser parser = new Parser(text);
        Node root = parser.expression(0);
        parser.expectEnd(false);
        return new ParsedExpression(text, root, null, parser.sourceText);
    }

    /** Parses a select item: an expression with an optional {@code AS alias}. */
    static ParsedExpression parseSelectItem(String text) {
        Parser parser = new Parser(text);
        Node root = parser.expression(0);
        String alias = null;
        if (parser.peek().isWord("AS")) {
            parser.index++;
            alias = parser.name("a column name after AS");
        }
        parser.expectEnd(alias == null);
        return new ParsedExpression(text, root, alias, parser.sourceText);
    }

    private Node expression(int minPower) {
        int outerDepth = depth;
        int start = peek().start();
        deeper(peek());
        Node left = prefix();
        while (true) {
            Token token = peek();
            int power = infixPower(token);
            if (power <= minPower) {
                depth = outerDepth;
                return left;
            }
            // the node built here holds the previous one: each operator of a chain is one level deeper
            deeper(token);
            left = record(infix(left, token, power), start);
        }
    }

    private void deeper(Token at) {
        if (++depth > MAX_DEPTH) {
            throw new PlanException("Cannot parse '" + excerpt(text) + "' at position " + at.start()
                    + ": the expression nests deeper than " + MAX_DEPTH
                    + " levels (parentheses, operators and function arguments)");
        }
    }

    private static String excerpt(String text) {
        return text.length() <= QUOTED_LENGTH ? text : text.substring(0, QUOTED_LENGTH) + "...";
    }

    private int infixPower(Token token) {
        if (token.kind() == Token.Kind.SYMBOL) {
            return switch (token.text()) {
                case "=", "<>", "!=", "<", "<=", ">", ">=" -> COMPARISON;
                case "+", "-" -> ADDITIVE;
                case "*", "/", "%", "||" -> MULTIPLICATIVE;
                default -> 0;
            };
        }
        if (token.kind() != Token.Kind.WORD) {
            return 0;
        }
        return switch (token.text().toUpperCase(Locale.ROOT)) {
            case "OR" -> OR;
            case "AND" -> AND;
            case "IS" -> IS;
            case "LIKE", "BETWEEN", "IN" -> PATTERN;
            case "NOT" -> isPatternWord(peekAt(index + 1)) ? PATTERN : 0;
            default -> 0;
        };
    }

    private static boolean isPatternWord(Token token) {
        return token.isWord("LIKE") || token.isWord("BETWEEN") || token.isWord("IN");
    }

    private Node infix(Node left, Token token, int power) {
        index++;
        if (token.kind() == Token.Kind.SYMBOL) {
            String operator = token.text().equals("!=") ? "<>" : token.text();
            return new Node.Binary(operator, left, expression(power));
        }
        String word = token.text().toUpperCase(Locale.ROOT);
        switch (word) {
            case "OR", "AND" -> {
                return new Node.Binary(word, left, expression(power));
            }
            case "IS" -> {
                boolean negated = accept("NOT");
                Token test = next();
                if (!(test.isWord("NULL") || test.isWord("TRUE") || test.isWord("FALSE"))) {
                    throw error(test, "NULL, TRUE or FALSE after IS");
                }
                return new Node.IsTest(left, test.text().toUpperCase(Locale.ROOT), negated);
            }
            default -> {
                boolean negated = word.equals("NOT");
                String pattern = negated ? next().text().toUpperCase(Locale.ROOT) : word;
                return switch (pattern) {
                    case "LIKE" -> {
                        Node likePattern = expression(PATTERN);
                        Node escape = accept("ESCAPE") ? expression(PATTERN) : null;
                        yield new Node.Like(left, likePattern, escape, negated);
                    }
                    case "BETWEEN" -> {
                        Node low = expression(PATTERN);
                        expectWord("AND");
                        yield new Node.Between(left, low, expression(PATTERN), negated);
                    }
                    default -> new Node.In(left, parenthesisedList(), negated);
                };
            }
        }
    }

    private List<Node> parenthesisedList() {
        expectSymbol("(");
        List<Node> items = new ArrayList<>();
        do {
            items.add(expression(0));
        } while (acceptSymbol(","));
        expectSymbol(")");
        return items;
    }

    private Node prefix() {
        int start = peek().start();
        Token token = next();
        if (token.isWord("NOT")) {
            return record(new Node.Unary("NOT", expression(NOT)), start);
        }
        if (token.isSymbol("-") || token.isSymbol("+")) {
            Token operand = peek();
            boolean number = operand.kind() == Token.Kind.INTEGER || operand.kind() == Token.Kind.DECIMAL
                    || operand.kind() == Token.Kind.APPROXIMATE;
            if (number && token.isSymbol("-")) {
                // Folded here so that -2147483648 is an INT, as it is in SQL.
                index++;
                return record(numberLiteral(operand, "-" + operand.text()), start);
            }
            return record(new Node.Unary(token.text(), expression(PREFIX)), start);
        }
        return record(primary(token), start);
    }

    private Node primary(Token token) {
        switch (token.kind()) {
            case INTEGER, DECIMAL, APPROXIMATE -> {
                return numberLiteral(token, token.text());
            }
            case STRING -> {
                return new Node.Literal(token.text(), DataTypes.STRING().notNull());
            }
            case QUOTED_NAME -> {
                return columnPath(token.text());
            }
            case SYMBOL -> {
                if (token.isSymbol("(")) {
                    Node inner = expression(0);
                    expectSymbol(")");
                    return inner;
                }
                throw error(token, "an expression");
            }
            case END -> throw error(token, "an expression");
            default -> {
                return word(token);
            }
        }
    }

    private Node word(Token token) {
        String word = token.text().toUpperCase(Locale.ROOT);
        boolean call = peek().isSymbol("(");
        switch (word) {
            case "NULL" -> {
                return new Node.Literal(null, null);
            }
            case "TRUE", "FALSE" -> {
                return new Node.Literal(word.equals("TRUE"), DataTypes.BOOLEAN().notNull());
            }
            case "CASE" -> {
                return caseExpression();
            }
            default -> {
            }
        }
        if (peek().kind() == Token.Kind.STRING && Set.of("DATE", "TIME", "TIMESTAMP", "INTERVAL").contains(word)) {
            return word.equals("INTERVAL") ? interval() : temporalLiteral(word, next());
        }
        if (call) {
            index++;
            return switch (word) {
                case "CAST", "TRY_CAST" -> cast(word.equals("TRY_CAST"));
                case "EXTRACT" -> extract();
                case "SUBSTRING" -> substring();
                case "TRIM" -> trim();
                case "POSITION" -> position();
                case "JSON_OBJECT" -> jsonObject();
                default -> functionCall(word);
            };
        }
        if (RESERVED.contains(word)) {
            throw error(token, "an expression");
        }
        return columnPath(token.text());
    }

    private Node columnPath(String first) {
        List<String> parts = new ArrayList<>();
        parts.add(first);
        while (peek().isSymbol(".")) {
            index++;
            parts.add(name("a field name after '.'"));
        }
        return new Node.Column(List.copyOf(parts));
    }

    private Node numberLiteral(Token token, String digits) {
        try {
            return switch (token.kind()) {
                case APPROXIMATE -> new Node.Literal(Double.parseDouble(digits), DataTypes.DOUBLE().notNull());
                case DECIMAL -> decimalLiteral(new BigDecimal(digits));
                default -> integerLiteral(digits);
            };
        } catch (IllegalArgumentException e) {
            throw error(token, "a number of at most 38 digits");
        }
    }

    private static Node integerLiteral(String digits) {
        BigDecimal value = new BigDecimal(digits);
        if (value.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0
                && value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
            return new Node.Literal(value.intValueExact(), DataTypes.INT().notNull());
        }
        if (value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0
                && value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
            return new Node.Literal(value.longValueExact(), DataTypes.BIGINT().notNull());
        }
        return decimalLiteral(value);
    }

    private static Node decimalLiteral(BigDecimal value) {
        int precision = Math.max(value.precision(), value.scale());
        return new Node.Literal(value, DataTypes.DECIMAL(precision, value.scale()).notNull());
    }

    private Node temporalLiteral(String kind, Token literal) {
        String value = literal.text().trim();
        try {
            return switch (kind) {
                case "DATE" -> new Node.Literal(LocalDate.parse(value), DataTypes.DATE().notNull());
                case "TIME" -> {
                    LocalTime time = Temporals.parseTime(value);
                    yield new Node.Literal(time, DataTypes.TIME(Temporals.fractionDigits(value)).notNull());
                }
                default -> {
                    LocalDateTime timestamp = Temporals.parseTimestamp(value);
                    yield new Node.Literal(timestamp, DataTypes.TIMESTAMP(Temporals.fractionDigits(value)).notNull());
                }
            };
        } catch (DateTimeParseException e) {
            throw error(literal, "a valid " + kind + " literal such as " + switch (kind) {
                case "DATE" -> "DATE '2024-01-31'";
                case "TIME" -> "TIME '12:00:00'";
                default -> "TIMESTAMP '2024-01-31 12:00:00.123'";
            });
        }
    }

    private Node interval() {
        Token amount = next();
        Token unit = next();
        long unitMillis = switch (unit.text().toUpperCase(Locale.ROOT)) {
            case "MILLISECOND" -> 1L;
            case "SECOND" -> 1_000L;
            case "MINUTE" -> 60_000L;
            case "HOUR" -> 3_600_000L;
            case "DAY" -> 86_400_000L;
            default -> throw error(unit, "an interval unit: MILLISECOND, SECOND, MINUTE, HOUR or DAY");
        };
        try {
            BigDecimal millis = new BigDecimal(amount.text().trim()).multiply(BigDecimal.valueOf(unitMillis));
            return new Node.IntervalLiteral(millis.longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw error(amount, "a whole number of " + unit.text().toUpperCase(Locale.ROOT)
                    + "s in the interval, such as INTERVAL '5' SECOND");
        }
    }

    private Node caseExpression() {
        Node operand = peek().isWord("WHEN") || peek().isWord("END") ? null : expression(0);
        List<Node> conditions = new ArrayList<>();
        List<Node> results = new ArrayList<>();
        while (accept("WHEN")) {
            conditions.add(expression(0));
            expectWord("THEN");
            results.add(expression(0));
        }
        if (conditions.isEmpty()) {
            throw error(peek(), "WHEN");
        }
        Node otherwise = accept("ELSE") ? expression(0) : null;
        expectWord("END");
        return new Node.Case(operand, List.copyOf(conditions), List.copyOf(results), otherwise);
    }

    private Node cast(boolean orNull) {
        Node operand = expression(0);
        expectWord("AS");
        Token first = peek();
        int depth = 0;
        while (!(depth == 0 && peek().isSymbol(")"))) {
            Token token = next();
            if (token.kind() == Token.Kind.END) {
                throw error(token, "')' after the type");
            }
            depth += token.isSymbol("(") ? 1 : token.isSymbol(")") ? -1 : 0;
        }
        String typeText = text.substring(first.start(), peek().start()).trim();
        index++;
        try {
            return new Node.Cast(operand, DataTypes.parse(typeText), orNull);
        } catch (IllegalArgumentException e) {
            throw new PlanException("Unknown type '" + typeText + "' in '" + text + "': " + e.getMessage());
        }
    }

    private Node extract() {
        Token unit = next();
        if (unit.kind() != Token.Kind.WORD) {
            throw error(unit, "a time unit such as YEAR or HOUR");
        }
        expectWord("FROM");
        Node operand = expression(0);
        expectSymbol(")");
        return new Node.Call("EXTRACT", List.of(new Node.Symbol(unit.text().toUpperCase(Locale.ROOT)), operand),
                false, false);
    }

    private Node substring() {
        List<Node> arguments = new ArrayList<>();
        arguments.add(expression(0));
        if (accept("FROM")) {
            arguments.add(expression(0));
            if (accept("FOR")) {
                arguments.add(expression(0));
            }
        } else {
            while (acceptSymbol(",")) {
                arguments.add(expression(0));
            }
        }
        expectSymbol(")");
        return new Node.Call("SUBSTRING", List.copyOf(arguments), false, false);
    }

    private Node trim() {
        String side = "BOTH";
        Node characters = null;
        Node operand;
        Token first = peek();
        if (first.isWord("BOTH") || first.isWord("LEADING") || first.isWord("TRAILING")) {
            index++;
            side = first.text().toUpperCase(Locale.ROOT);
            if (!peek().isWord("FROM")) {
                characters = expression(0);
            }
            expectWord("FROM");
            operand = expression(0);
        } else {
            Node value = expression(0);
            if (accept("FROM")) {
                characters = value;
                operand = expression(0);
            } else {
                operand = value;
            }
        }
        expectSymbol(")");
        if (characters == null) {
            characters = new Node.Literal(" ", DataTypes.STRING().notNull());
        }
        return new Node.Call("TRIM", List.of(new Node.Symbol(side), characters, operand), false, false);
    }

    private Node position() {
        Node needle = expression(PATTERN);
        expectWord("IN");
        Node haystack = expression(0);
        expectSymbol(")");
        return new Node.Call("POSITION", List.of(needle, haystack), false, false);
    }

    /** JSON_OBJECT([KEY] k VALUE v, ... [NULL | ABSENT ON NULL]); the first argument is the ON NULL symbol. */
    private Node jsonObject() {
        List<Node> arguments = new ArrayList<>();
        arguments.add(null);
        String onNull = "NULL";
        if (!peek().isSymbol(")")) {
            do {
                if (onNullClauseAhead()) {
                    break;
                }
                if (peek().isWord("KEY") && !peekAt(index + 1).isWord("VALUE")) {
                    index++;
                }
                arguments.add(expression(0));
                expectWord("VALUE");
                arguments.add(expression(0));
            } while (acceptSymbol(","));
            if (onNullClauseAhead()) {
                onNull = next().text().toUpperCase(Locale.ROOT);
                expectWord("ON");
                expectWord("NULL");
            }
        }
        expectSymbol(")");
        arguments.set(0, new Node.Symbol(onNull));
        return new Node.Call("JSON_OBJECT", List.copyOf(arguments), false, false);
    }

    private boolean onNullClauseAhead() {
        return (peek().isWord("NULL") || peek().isWord("ABSENT")) && peekAt(index + 1).isWord("ON");
    }

    private Node functionCall(String name) {
        boolean distinct = accept("DISTINCT");
        if (!distinct) {
            accept("ALL");
        }
        if (!distinct && peek().isSymbol("*") && peekAt(index + 1).isSymbol(")")) {
            index += 2;
            return new Node.Call(name, List.of(), false, true);
        }
        List<Node> arguments = new ArrayList<>();
        if (!peek().isSymbol(")")) {
            do {
                arguments.add(expression(0));
            } while (acceptSymbol(","));
        }
        expectSymbol(")");
        return new Node.Call(name, List.copyOf(arguments), distinct, false);
    }

    private String name(String expected) {
        Token token = next();
        if (token.kind() == Token.Kind.WORD || token.kind() == Token.Kind.QUOTED_NAME) {
            return token.text();
        }
        throw error(token, expected);
    }

    private <N extends Node> N record(N node, int start) {
        int end = tokens.get(index - 1).end();
        sourceText.putIfAbsent(node, new ParsedExpression.Span(start, Math.max(start, end)));
        return node;
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token peekAt(int at) {
        return tokens.get(Math.min(at, tokens.size() - 1));
    }

    private Token next() {
        Token token = tokens.get(index);
        if (token.kind() != Token.Kind.END) {
            index++;
        }
        return token;
    }

    private boolean accept(String word) {
        if (peek().isWord(word)) {
            index++;
            return true;
        }
        return false;
    }

    private boolean acceptSymbol(String symbol) {
        if (peek().isSymbol(symbol)) {
            index++;
            return true;
        }
        return false;
    }

    private void expectWord(String word) {
        if (!accept(word)) {
            throw error(peek(), word);
        }
    }

    private void expectSymbol(String symbol) {
        if (!acceptSymbol(symbol)) {
            throw error(peek(), "'" + symbol + "'");
        }
    }

    private void expectEnd(boolean aliasAllowed) {
        Token token = peek();
        if (token.kind() == Token.Kind.END) {
            return;
        }
        boolean looksLikeAlias = aliasAllowed && (token.kind() == Token.Kind.WORD || token.kind() == Token.Kind.QUOTED_NAME)
                && peekAt(index + 1).kind() == Token.Kind.END;
        throw error(token, looksLikeAlias ? "the end of the expression (write 'AS " + token.text()
                + "' to name the column)" : "the end of the expression");
    }

    private PlanException error(Token token, String expected) {
        String found = token.kind() == Token.Kind.END ? "the end of the expression"
                : "'" + text.substring(token.start(), token.end()) + "'";
        return new PlanException("Cannot parse '" + text + "' at position " + token.start() + ": expected "
                + expected + " but found " + found);
    }
}
