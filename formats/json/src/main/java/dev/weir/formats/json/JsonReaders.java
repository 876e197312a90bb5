package dev.weir.formats.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.api.types.DataType;
import dev.weir.api.types.TypeRoot;
import dev.weir.formats.json.JsonFormatOptions.TimestampFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Builds, once per row type, a tree of readers that turn parser tokens into row values. Reading a
 * record then walks the tree with no type dispatch, reflection or tree model.
 *
 * <p>As in Flink, values are accepted in their natural JSON form and, for scalars, also as strings
 * ("42" for an INT); any JSON value is accepted for a STRING column (objects and arrays as their
 * JSON text).
 */
final class JsonReaders {
    /** Reads the value whose first token is {@code token} (the parser is positioned on it). */
    @FunctionalInterface
    interface ValueReader {
        Object read(JsonParser parser, JsonToken token) throws IOException;
    }

    /** Parses the textual form of a scalar; any RuntimeException means the text does not fit. */
    @FunctionalInterface
    private interface TextParser {
        Object parse(String text);
    }

    private static final int MAX_SHOWN_CHARS = 80;

    private final JsonFactory jsonFactory;
    private final boolean failOnMissingField;
    private final TimestampFormat timestampFormat;

    JsonReaders(JsonFactory jsonFactory, boolean failOnMissingField, TimestampFormat timestampFormat) {
        this.jsonFactory = jsonFactory;
        this.failOnMissingField = failOnMissingField;
        this.timestampFormat = timestampFormat;
    }

    /** A reader for a value of the type, NULL included. Throws IllegalArgumentException for unsupported types. */
    ValueReader forType(DataType type) {
        ValueReader nonNull = switch (type.root()) {
            case ARRAY -> array(type);
            case MAP -> map(type);
            case ROW -> row(type);
            default -> scalar(type);
        };
        if (type.isNullable()) {
            return (parser, token) -> token == JsonToken.VALUE_NULL ? null : nonNull.read(parser, token);
        }
        String notNullType = type.toString();
        return (parser, token) -> {
            if (token == JsonToken.VALUE_NULL) {
                throw new FieldProblem("expected " + notNullType + ", found null");
            }
            return nonNull.read(parser, token);
        };
    }

    /** Reads a whole ROW-typed JSON object; used for the top level, where no NULL is allowed. */
    ValueReader row(DataType rowType) {
        return new RowReader(rowType);
    }

    private final class RowReader implements ValueReader {
        private final String expected;
        private final List<String> names;
        private final DataType[] types;
        private final ValueReader[] readers;
        private final Map<String, Integer> positions = new HashMap<>();

        RowReader(DataType rowType) {
            expected = rowType.nullable().toString();
            names = rowType.fieldNames();
            types = rowType.children().toArray(DataType[]::new);
            readers = new ValueReader[types.length];
            for (int i = 0; i < types.length; i++) {
                readers[i] = forType(types[i]);
                positions.put(names.get(i), i);
            }
        }

        @Override
        public Object read(JsonParser parser, JsonToken token) throws IOException {
            if (token != JsonToken.START_OBJECT) {
                throw mismatch(expected, parser, token);
            }
            Object[] values = new Object[readers.length];
            boolean[] present = new boolean[readers.length];
            String name = null;
            while ((name = nextFieldName(parser, name)) != null) {
                Integer position = positions.get(name);
                JsonToken valueToken = nextToken(parser, name);
                if (position == null) {
                    parser.skipChildren(); // a field the table does not declare
                    continue;
                }
                try {
                    values[position] = readers[position].read(parser, valueToken);
                } catch (FieldProblem problem) {
                    throw problem.inField(name);
                } catch (StreamReadException malformed) {
                    throw malformedJson(malformed).inField(name);
                }
                present[position] = true;
            }
            for (int i = 0; i < present.length; i++) {
                if (!present[i]) {
                    if (failOnMissingField) {
                        throw new FieldProblem("the field is missing (fail-on-missing-field is true)").inField(names.get(i));
                    }
                    if (!types[i].isNullable()) {
                        throw new FieldProblem("the field is missing, but its type is " + types[i]).inField(names.get(i));
                    }
                }
            }
            return new Row(RowKind.INSERT, values);
        }
    }

    /** Broken JSON right after a value is reported at that value's field, where a reader would look. */
    private static String nextFieldName(JsonParser parser, String previousField) throws IOException {
        try {
            return parser.nextFieldName();
        } catch (StreamReadException malformed) {
            FieldProblem problem = malformedJson(malformed);
            throw previousField == null ? problem : problem.inField(previousField);
        }
    }

    private static JsonToken nextToken(JsonParser parser, String fieldName) throws IOException {
        try {
            return parser.nextToken();
        } catch (StreamReadException malformed) {
            throw malformedJson(malformed).inField(fieldName);
        }
    }

    static FieldProblem malformedJson(StreamReadException e) {
        return new FieldProblem("malformed JSON at column " + e.getLocation().getColumnNr() + ": "
                + e.getOriginalMessage());
    }

    private ValueReader array(DataType type) {
        ValueReader elementReader = forType(type.elementType());
        String expected = type.nullable().toString();
        return (parser, token) -> {
            if (token != JsonToken.START_ARRAY) {
                throw mismatch(expected, parser, token);
            }
            List<Object> elements = new ArrayList<>();
            JsonToken elementToken;
            while ((elementToken = parser.nextToken()) != JsonToken.END_ARRAY) {
                try {
                    elements.add(elementReader.read(parser, elementToken));
                } catch (FieldProblem problem) {
                    throw problem.atIndex(elements.size());
                }
            }
            return elements;
        };
    }

    private ValueReader map(DataType type) {
        DataType keyType = type.keyType();
        if (!isScalar(keyType)) {
            throw new IllegalArgumentException("the json format cannot read " + type
                    + ": JSON object keys are text, so MAP keys must be of a scalar type");
        }
        TextParser keyParser = textParser(keyType);
        String expectedKey = describeExpected(keyType);
        ValueReader valueReader = forType(type.valueType());
        String expected = type.nullable().toString();
        return (parser, token) -> {
            if (token != JsonToken.START_OBJECT) {
                throw mismatch(expected, parser, token);
            }
            Map<Object, Object> entries = new LinkedHashMap<>();
            String keyText;
            while ((keyText = parser.nextFieldName()) != null) {
                Object key;
                try {
                    key = keyParser.parse(keyText);
                } catch (RuntimeException badKey) {
                    throw new FieldProblem("expected a key of type " + expectedKey + ", found " + quoted(keyText));
                }
                try {
                    entries.put(key, valueReader.read(parser, parser.nextToken()));
                } catch (FieldProblem problem) {
                    throw problem.atKey(keyText);
                }
            }
            return entries;
        };
    }

    private ValueReader scalar(DataType type) {
        String expected = describeExpected(type);
        TextParser text = textParser(type);
        return switch (type.root()) {
            case BOOLEAN -> (parser, token) -> switch (token) {
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                default -> fromString(parser, token, text, expected);
            };
            case TINYINT -> integral(expected, text, Byte.MIN_VALUE, Byte.MAX_VALUE, v -> (byte) v);
            case SMALLINT -> integral(expected, text, Short.MIN_VALUE, Short.MAX_VALUE, v -> (short) v);
            case INT -> integral(expected, text, Integer.MIN_VALUE, Integer.MAX_VALUE, v -> (int) v);
            case BIGINT -> integral(expected, text, Long.MIN_VALUE, Long.MAX_VALUE, v -> v);
            case FLOAT -> (parser, token) -> token.isNumeric()
                    ? (Object) parser.getFloatValue() : fromString(parser, token, text, expected);
            case DOUBLE -> (parser, token) -> token.isNumeric()
                    ? (Object) parser.getDoubleValue() : fromString(parser, token, text, expected);
            case DECIMAL -> (parser, token) -> token.isNumeric()
                    ? fitDecimal(parser.getDecimalValue(), type) : fromString(parser, token, text, expected);
            case VARCHAR -> (parser, token) -> switch (token) {
                case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> parser.getText();
                default -> jsonText(parser);
            };
            default -> (parser, token) -> fromString(parser, token, text, expected);
        };
    }

    private static ValueReader integral(String expected, TextParser text, long min, long max, LongFunction<Object> box) {
        return (parser, token) -> {
            if (token != JsonToken.VALUE_NUMBER_INT) {
                return fromString(parser, token, text, expected);
            }
            if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw mismatch(expected, parser, token);
            }
            long value = parser.getLongValue();
            if (value < min || value > max) {
                throw mismatch(expected, parser, token);
            }
            return box.apply(value);
        };
    }

    /** The textual form of each scalar type; also how MAP keys are read. */
    private TextParser textParser(DataType type) {
        int precision = type.precision();
        return switch (type.root()) {
            case BOOLEAN -> JsonReaders::parseBoolean;
            case TINYINT -> s -> Byte.parseByte(s.trim());
            case SMALLINT -> s -> Short.parseShort(s.trim());
            case INT -> s -> Integer.parseInt(s.trim());
            case BIGINT -> s -> Long.parseLong(s.trim());
            case FLOAT -> s -> Float.parseFloat(s.trim());
            case DOUBLE -> s -> Double.parseDouble(s.trim());
            case DECIMAL -> s -> fitDecimal(new BigDecimal(s.trim()), type);
            case VARCHAR -> s -> s;
            case BYTES -> s -> Base64.getDecoder().decode(s);
            case DATE -> s -> LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE);
            case TIME -> s -> TemporalText.truncate(LocalTime.parse(s, DateTimeFormatter.ISO_LOCAL_TIME), precision);
            case TIMESTAMP -> {
                DateTimeFormatter formatter = TemporalText.timestampFormatter(timestampFormat, false);
                yield s -> TemporalText.truncate(LocalDateTime.parse(s, formatter), precision);
            }
            case TIMESTAMP_LTZ -> {
                DateTimeFormatter formatter = TemporalText.timestampFormatter(timestampFormat, true);
                yield s -> TemporalText.truncate(TemporalText.parseLtz(s, formatter), precision);
            }
            case ARRAY, MAP, ROW -> throw new IllegalStateException("not a scalar: " + type);
        };
    }

    private static boolean isScalar(DataType type) {
        return type.root() != TypeRoot.ARRAY && type.root() != TypeRoot.MAP && type.root() != TypeRoot.ROW;
    }

    private String describeExpected(DataType type) {
        String name = type.nullable().toString();
        return switch (type.root()) {
            case BYTES -> name + " (base64)";
            case DATE -> name + " as 'yyyy-MM-dd'";
            case TIME -> name + " as 'HH:mm:ss[.fffffffff]'";
            case TIMESTAMP -> name + " as '" + TemporalText.timestampPattern(timestampFormat, false) + "'";
            case TIMESTAMP_LTZ -> name + " as '" + TemporalText.timestampPattern(timestampFormat, true) + "'";
            default -> name;
        };
    }

    private static Object fromString(JsonParser parser, JsonToken token, TextParser text, String expected)
            throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            throw mismatch(expected, parser, token);
        }
        String value = parser.getText();
        try {
            return text.parse(value);
        } catch (FieldProblem problem) {
            throw problem;
        } catch (RuntimeException notThisType) {
            throw new FieldProblem("expected " + expected + ", found string " + quoted(value));
        }
    }

    private static Boolean parseBoolean(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("not a boolean");
        };
    }

    /** Rounds to the type's scale as Flink does (HALF_UP); too many digits is an error, not a silent NULL. */
    private static BigDecimal fitDecimal(BigDecimal value, DataType type) {
        BigDecimal scaled = value.setScale(type.scale(), RoundingMode.HALF_UP);
        if (scaled.precision() > type.precision()) {
            throw new FieldProblem("expected " + type.nullable() + ", found number " + value.toPlainString()
                    + ", which has more than " + (type.precision() - type.scale()) + " digits before the point");
        }
        return scaled;
    }

    private String jsonText(JsonParser parser) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = jsonFactory.createGenerator(text)) {
            generator.copyCurrentStructure(parser);
        }
        return text.toString();
    }

    static FieldProblem mismatch(String expected, JsonParser parser, JsonToken token) throws IOException {
        return new FieldProblem("expected " + expected + ", found " + describe(parser, token));
    }

    private static String describe(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> "string " + quoted(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number " + parser.getText();
            case VALUE_TRUE, VALUE_FALSE -> "boolean " + parser.getText();
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private static String quoted(String text) {
        String shown = text.length() > MAX_SHOWN_CHARS ? text.substring(0, MAX_SHOWN_CHARS) + "..." : text;
        return "\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
