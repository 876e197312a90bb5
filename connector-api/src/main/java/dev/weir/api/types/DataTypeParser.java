package dev.weir.api.types;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Recursive-descent parser for SQL type strings; errors name the position and what was expected. */
final class DataTypeParser {
    private final String text;
    private int pos;

    DataTypeParser(String text) {
        this.text = text;
    }

    DataType parseAll() {
        DataType type = parseType();
        skipSpaces();
        if (pos != text.length()) {
            throw error("end of type");
        }
        return type;
    }

    private DataType parseType() {
        String word = identifier().toUpperCase(Locale.ROOT);
        DataType type = switch (word) {
            case "BOOLEAN", "BOOL" -> DataTypes.BOOLEAN();
            case "TINYINT" -> DataTypes.TINYINT();
            case "SMALLINT" -> DataTypes.SMALLINT();
            case "INT", "INTEGER" -> DataTypes.INT();
            case "BIGINT" -> DataTypes.BIGINT();
            case "FLOAT", "REAL" -> DataTypes.FLOAT();
            case "DOUBLE" -> {
                if (peekWord("PRECISION")) {
                    identifier();
                }
                yield DataTypes.DOUBLE();
            }
            case "DECIMAL", "DEC", "NUMERIC" -> {
                int[] ps = optionalNumbers(new int[] {10, 0});
                yield DataTypes.DECIMAL(ps[0], ps[1]);
            }
            case "STRING" -> DataTypes.STRING();
            case "VARCHAR", "CHAR" -> DataTypes.VARCHAR(optionalNumbers(new int[] {DataType.MAX_LENGTH})[0]);
            case "BYTES", "VARBINARY", "BINARY" -> {
                optionalNumbers(new int[] {0});
                yield DataTypes.BYTES();
            }
            case "DATE" -> DataTypes.DATE();
            case "TIME" -> DataTypes.TIME(optionalNumbers(new int[] {0})[0]);
            case "TIMESTAMP" -> {
                int p = optionalNumbers(new int[] {6})[0];
                if (peekWord("WITH")) {
                    expectWords("WITH", "LOCAL", "TIME", "ZONE");
                    yield DataTypes.TIMESTAMP_LTZ(p);
                }
                if (peekWord("WITHOUT")) {
                    expectWords("WITHOUT", "TIME", "ZONE");
                }
                yield DataTypes.TIMESTAMP(p);
            }
            case "TIMESTAMP_LTZ" -> DataTypes.TIMESTAMP_LTZ(optionalNumbers(new int[] {6})[0]);
            case "ARRAY" -> {
                expect('<');
                DataType element = parseType();
                expect('>');
                yield DataTypes.ARRAY(element);
            }
            case "MAP" -> {
                expect('<');
                DataType key = parseType();
                expect(',');
                DataType value = parseType();
                expect('>');
                yield DataTypes.MAP(key, value);
            }
            case "ROW" -> parseRow();
            default -> throw error("a type name such as INT, STRING, DECIMAL(10, 2) or ROW<...>, not '" + word + "'");
        };
        if (peekWord("NOT")) {
            expectWords("NOT", "NULL");
            return type.notNull();
        }
        if (peekWord("NULL")) {
            identifier();
        }
        return type;
    }

    private DataType parseRow() {
        skipSpaces();
        char close;
        if (peek() == '<') {
            close = '>';
        } else if (peek() == '(') {
            close = ')';
        } else {
            throw error("'<' after ROW");
        }
        pos++;
        List<DataTypes.Field> fields = new ArrayList<>();
        skipSpaces();
        if (peek() != close) {
            do {
                String name = fieldName();
                fields.add(DataTypes.FIELD(name, parseType()));
                skipSpaces();
            } while (tryConsume(','));
        }
        expect(close);
        return DataTypes.ROW(fields);
    }

    private String fieldName() {
        skipSpaces();
        if (peek() == '`') {
            StringBuilder sb = new StringBuilder();
            pos++;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '`') {
                    if (peek() == '`') {
                        sb.append('`');
                        pos++;
                    } else {
                        return sb.toString();
                    }
                } else {
                    sb.append(c);
                }
            }
            throw error("closing '`'");
        }
        return identifier();
    }

    private int[] optionalNumbers(int[] defaults) {
        skipSpaces();
        if (peek() != '(') {
            return defaults;
        }
        pos++;
        int[] values = defaults.clone();
        for (int i = 0; i < values.length; i++) {
            values[i] = number();
            skipSpaces();
            if (!tryConsume(',')) {
                break;
            }
        }
        expect(')');
        return values;
    }

    private int number() {
        skipSpaces();
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error("a number");
        }
        return Integer.parseInt(text.substring(start, pos));
    }

    private String identifier() {
        skipSpaces();
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("a name");
        }
        return text.substring(start, pos);
    }

    private boolean peekWord(String word) {
        int saved = pos;
        skipSpaces();
        int start = pos;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
            pos++;
        }
        boolean match = text.substring(start, pos).equalsIgnoreCase(word);
        pos = saved;
        return match;
    }

    private void expectWords(String... words) {
        for (String w : words) {
            if (!identifier().equalsIgnoreCase(w)) {
                throw error("'" + String.join(" ", words) + "'");
            }
        }
    }

    private void expect(char c) {
        skipSpaces();
        if (!tryConsume(c)) {
            throw error("'" + c + "'");
        }
    }

    private boolean tryConsume(char c) {
        skipSpaces();
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String expected) {
        return new IllegalArgumentException("Cannot parse type '" + text + "' at position " + pos + ": expected " + expected);
    }
}
