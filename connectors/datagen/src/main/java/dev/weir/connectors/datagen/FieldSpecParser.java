package dev.weir.connectors.datagen;

import static dev.weir.connectors.datagen.DataGenOptions.FIELD_END;
import static dev.weir.connectors.datagen.DataGenOptions.FIELD_KIND;
import static dev.weir.connectors.datagen.DataGenOptions.FIELD_LENGTH;
import static dev.weir.connectors.datagen.DataGenOptions.FIELD_MAX;
import static dev.weir.connectors.datagen.DataGenOptions.FIELD_MAX_PAST;
import static dev.weir.connectors.datagen.DataGenOptions.FIELD_MIN;
import static dev.weir.connectors.datagen.DataGenOptions.FIELD_NULL_RATE;
import static dev.weir.connectors.datagen.DataGenOptions.FIELD_OPTIONS;
import static dev.weir.connectors.datagen.DataGenOptions.FIELD_START;
import static dev.weir.connectors.datagen.DataGenOptions.FIELD_VALUE;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.Configuration;
import dev.weir.api.factory.Suggestions;
import dev.weir.api.types.DataType;
import dev.weir.api.types.TypeRoot;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the 'fields.#.*' options into one {@link FieldSpec} per column, collecting every problem
 * (an option naming no column, an option that does not fit the column's kind or type, a value out
 * of range) as a sentence that names the offending key.
 */
final class FieldSpecParser {
    private static final Map<String, List<ConfigOption<?>>> OPTIONS_BY_KIND = Map.of(
            "random", List.of(FIELD_KIND, FIELD_MIN, FIELD_MAX, FIELD_MAX_PAST, FIELD_LENGTH, FIELD_NULL_RATE),
            "sequence", List.of(FIELD_KIND, FIELD_START, FIELD_END),
            "constant", List.of(FIELD_KIND, FIELD_VALUE));
    private static final Set<TypeRoot> SEQUENCE_TYPES = EnumSet.of(TypeRoot.TINYINT, TypeRoot.SMALLINT, TypeRoot.INT,
            TypeRoot.BIGINT, TypeRoot.FLOAT, TypeRoot.DOUBLE, TypeRoot.DECIMAL, TypeRoot.VARCHAR);
    private static final Set<TypeRoot> TEMPORAL_TYPES = EnumSet.of(TypeRoot.DATE, TypeRoot.TIMESTAMP,
            TypeRoot.TIMESTAMP_LTZ);
    private static final Set<TypeRoot> SIZED_TYPES = EnumSet.of(TypeRoot.VARCHAR, TypeRoot.BYTES, TypeRoot.ARRAY,
            TypeRoot.MAP);

    private final String prefix;
    private final DataType rowType;
    private final Configuration options;
    private final List<String> problems;

    private FieldSpecParser(String prefix, DataType rowType, Configuration options, List<String> problems) {
        this.prefix = prefix;
        this.rowType = rowType;
        this.options = options;
        this.problems = problems;
    }

    /**
     * @param prefix starts every problem, e.g. "Table 'orders', connector 'datagen': "
     * @param problems receives the problems found
     */
    static List<FieldSpec> parse(String prefix, DataType rowType, Configuration options, List<String> problems) {
        FieldSpecParser parser = new FieldSpecParser(prefix, rowType, options, problems);
        parser.checkColumnsExist();
        List<FieldSpec> specs = new ArrayList<>();
        for (int i = 0; i < rowType.fieldCount(); i++) {
            specs.add(parser.parseColumn(rowType.fieldNames().get(i), rowType.fieldType(i)));
        }
        return specs;
    }

    private void checkColumnsExist() {
        List<String> columns = rowType.fieldNames();
        for (String key : options.keySet()) {
            for (ConfigOption<?> option : FIELD_OPTIONS) {
                Optional<String> column = option.nameIn(key);
                if (column.isPresent() && !columns.contains(column.get())) {
                    problems.add(prefix + "option '" + key + "' names the column '" + column.get()
                            + "', which the table does not have." + Suggestions.didYouMean(column.get(), columns)
                            + " Columns: " + String.join(", ", columns) + ".");
                    break;
                }
            }
        }
    }

    private FieldSpec parseColumn(String name, DataType type) {
        String kind = options.get(FIELD_KIND.forName(name));
        List<ConfigOption<?>> allowed = OPTIONS_BY_KIND.get(kind);
        for (ConfigOption<?> option : FIELD_OPTIONS) {
            if (!allowed.contains(option) && options.contains(option.forName(name))) {
                problems.add(prefix + "option '" + option.forName(name).key() + "' does not apply to column '" + name
                        + "', whose kind is '" + kind + "'; it applies to '" + kindsAccepting(option) + "' columns.");
            }
        }
        return switch (kind) {
            case "sequence" -> sequence(name, type);
            case "constant" -> constant(name, type);
            default -> random(name, type);
        };
    }

    private static String kindsAccepting(ConfigOption<?> option) {
        return String.join("' or '", OPTIONS_BY_KIND.entrySet().stream()
                .filter(e -> e.getValue().contains(option)).map(Map.Entry::getKey).sorted().toList());
    }

    private FieldSpec random(String name, DataType type) {
        Object min = literal(name, type, FIELD_MIN, type.root().isNumeric(), "numeric");
        Object max = literal(name, type, FIELD_MAX, type.root().isNumeric(), "numeric");
        if (min != null && max != null
                && new BigDecimal(min.toString()).compareTo(new BigDecimal(max.toString())) > 0) {
            problems.add(prefix + "option '" + FIELD_MIN.forName(name).key() + "' (" + min + ") is greater than '"
                    + FIELD_MAX.forName(name).key() + "' (" + max + ").");
        }
        Duration maxPast = typed(name, type, FIELD_MAX_PAST, TEMPORAL_TYPES.contains(type.root()),
                "DATE, TIMESTAMP and TIMESTAMP_LTZ");
        if (maxPast != null && maxPast.isNegative()) {
            problems.add(prefix + "option '" + FIELD_MAX_PAST.forName(name).key() + "' must not be negative.");
        }
        Integer length = typed(name, type, FIELD_LENGTH, SIZED_TYPES.contains(type.root()),
                "STRING, VARCHAR, BYTES, ARRAY and MAP");
        if (length != null && (length < 0 || type.root() == TypeRoot.VARCHAR && length > type.length())) {
            problems.add(prefix + "option '" + FIELD_LENGTH.forName(name).key() + "' is " + length
                    + " but must be from 0 to " + (type.root() == TypeRoot.VARCHAR ? type.length() : Integer.MAX_VALUE)
                    + " for column '" + name + "' of type " + type + ".");
        }
        double nullRate = options.get(FIELD_NULL_RATE.forName(name));
        String nullRateKey = FIELD_NULL_RATE.forName(name).key();
        if (nullRate < 0 || nullRate > 1) {
            problems.add(prefix + "option '" + nullRateKey + "' is " + nullRate + " but must be from 0 to 1.");
        } else if (nullRate > 0 && !type.isNullable()) {
            problems.add(prefix + "option '" + nullRateKey + "' is " + nullRate + " but column '" + name
                    + "' is NOT NULL.");
        }
        return new FieldSpec.Random(name, type, min, max, maxPast, length, nullRate);
    }

    private FieldSpec sequence(String name, DataType type) {
        if (!SEQUENCE_TYPES.contains(type.root())) {
            problems.add(prefix + "option '" + FIELD_KIND.forName(name).key() + "' is 'sequence' but column '" + name
                    + "' is " + type + "; sequences support TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL "
                    + "and STRING columns.");
            return new FieldSpec.Sequence(name, type, 0, 0);
        }
        Long start = required(name, FIELD_START, "a sequence");
        Long end = required(name, FIELD_END, "a sequence");
        if (start == null || end == null) {
            return new FieldSpec.Sequence(name, type, 0, 0);
        }
        if (start > end) {
            problems.add(prefix + "option '" + FIELD_START.forName(name).key() + "' (" + start + ") is greater than '"
                    + FIELD_END.forName(name).key() + "' (" + end + ").");
        }
        if (type.root() != TypeRoot.FLOAT && type.root() != TypeRoot.DOUBLE) {
            fitsType(name, type, FIELD_START, start);
            fitsType(name, type, FIELD_END, end);
        }
        return new FieldSpec.Sequence(name, type, start, end);
    }

    private void fitsType(String name, DataType type, ConfigOption<Long> option, long value) {
        try {
            Literals.parse(type, Long.toString(value));
        } catch (IllegalArgumentException e) {
            problems.add(prefix + "option '" + option.forName(name).key() + "' (" + value + ") does not fit column '"
                    + name + "' of type " + type + ".");
        }
    }

    private FieldSpec constant(String name, DataType type) {
        String key = FIELD_VALUE.forName(name).key();
        String raw = required(name, FIELD_VALUE, "a constant");
        Object value = null;
        if (raw != null) {
            try {
                value = Literals.parse(type, raw);
            } catch (IllegalArgumentException e) {
                problems.add(prefix + "invalid value '" + raw + "' for option '" + key + "': " + e.getMessage() + ".");
            }
        }
        return new FieldSpec.Constant(name, type, value);
    }

    private <T> T required(String name, ConfigOption<T> option, String what) {
        T value = options.get(option.forName(name));
        if (value == null) {
            problems.add(prefix + "column '" + name + "' is " + what + ": option '" + option.forName(name).key()
                    + "' is required.");
        }
        return value;
    }

    /** The option's value if set and applicable to the column's type, else null (and a problem if set). */
    private <T> T typed(String name, DataType type, ConfigOption<T> option, boolean applies, String types) {
        T value = options.get(option.forName(name));
        if (value != null && !applies) {
            problems.add(prefix + "option '" + option.forName(name).key() + "' applies to " + types
                    + " columns, but column '" + name + "' is " + type + ".");
            return null;
        }
        return value;
    }

    private Object literal(String name, DataType type, ConfigOption<String> option, boolean applies, String types) {
        String raw = typed(name, type, option, applies, types);
        if (raw == null) {
            return null;
        }
        try {
            return Literals.parse(type, raw);
        } catch (IllegalArgumentException e) {
            problems.add(prefix + "invalid value '" + raw + "' for option '" + option.forName(name).key() + "': "
                    + e.getMessage() + ".");
            return null;
        }
    }
}
