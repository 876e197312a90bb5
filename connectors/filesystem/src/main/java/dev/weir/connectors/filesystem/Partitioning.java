package dev.weir.connectors.filesystem;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import dev.weir.api.types.TypeRoot;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Hive-style partitioning: rows go to {@code col=value/} directories, one level per partition
 * column, and the files hold only the other columns. Reading puts the values back from the path.
 * Values are escaped as Hive escapes them ('/' becomes '%2F'), NULL and '' use the default name.
 */
final class Partitioning implements Serializable {
    private static final Set<TypeRoot> PARTITION_TYPES = EnumSet.of(TypeRoot.BOOLEAN, TypeRoot.TINYINT,
            TypeRoot.SMALLINT, TypeRoot.INT, TypeRoot.BIGINT, TypeRoot.FLOAT, TypeRoot.DOUBLE, TypeRoot.DECIMAL,
            TypeRoot.VARCHAR, TypeRoot.DATE, TypeRoot.TIME, TypeRoot.TIMESTAMP, TypeRoot.TIMESTAMP_LTZ);
    private static final String ESCAPED = "\"#%'*/:=?\\\u007F{[]^";

    private final DataType rowType;
    private final List<String> keys;
    private final String defaultName;
    /** Positions of the partition columns in the row, in partition order. */
    private final int[] keyPositions;
    /** For each row position: its index in the file's row, or -1 for a partition column. */
    private final int[] dataPositions;

    Partitioning(DataType rowType, List<String> keys, String defaultName) {
        this.rowType = rowType;
        this.keys = List.copyOf(keys);
        this.defaultName = defaultName;
        this.keyPositions = keys.stream().mapToInt(rowType::fieldIndex).toArray();
        this.dataPositions = new int[rowType.fieldCount()];
        int next = 0;
        for (int i = 0; i < dataPositions.length; i++) {
            dataPositions[i] = keys.contains(rowType.fieldNames().get(i)) ? -1 : next++;
        }
    }

    /** What is wrong with partitioning this row type by these keys, as sentences; empty when fine. */
    static List<String> problems(DataType rowType, List<String> keys) {
        List<String> problems = new ArrayList<>();
        for (String key : keys) {
            int index = rowType.fieldIndex(key);
            if (index < 0) {
                problems.add("partition key '" + key + "' is not a physical column; columns: "
                        + String.join(", ", rowType.fieldNames()) + ".");
            } else if (!PARTITION_TYPES.contains(rowType.fieldType(index).root())) {
                problems.add("partition key '" + key + "' is " + rowType.fieldType(index)
                        + "; partition columns must be of a scalar type other than BYTES.");
            }
        }
        if (!keys.isEmpty() && keys.size() >= rowType.fieldCount()) {
            problems.add("every column is a partition key, which would leave the files empty.");
        }
        return problems;
    }

    boolean isPartitioned() {
        return !keys.isEmpty();
    }

    /** The row type stored in the files: every column except the partition columns. */
    DataType dataRowType() {
        List<DataTypes.Field> fields = new ArrayList<>();
        for (int i = 0; i < dataPositions.length; i++) {
            if (dataPositions[i] >= 0) {
                fields.add(rowType.fields().get(i));
            }
        }
        return DataTypes.ROW(fields);
    }

    /** The relative directory of a row's partition, e.g. "dt=2024-01-01/country=NL"; "" when unpartitioned. */
    String directoryOf(Row row) {
        StringBuilder dir = new StringBuilder();
        for (int i = 0; i < keyPositions.length; i++) {
            if (i > 0) {
                dir.append('/');
            }
            Object value = row.getField(keyPositions[i]);
            String text = value == null ? "" : value instanceof BigDecimal d ? d.toPlainString() : value.toString();
            dir.append(escape(keys.get(i))).append('=').append(text.isEmpty() ? defaultName : escape(text));
        }
        return dir.toString();
    }

    /** The row without its partition columns, as it is written into a file. */
    Row dataOf(Row row) {
        if (!isPartitioned()) {
            return row;
        }
        Object[] values = new Object[rowType.fieldCount() - keys.size()];
        for (int i = 0; i < dataPositions.length; i++) {
            if (dataPositions[i] >= 0) {
                values[dataPositions[i]] = row.getField(i);
            }
        }
        return new Row(row.kind(), values);
    }

    /**
     * The partition values of a file, read from the 'col=value' directories between the table's
     * root and the file; a column without such a directory is NULL.
     */
    Object[] valuesOf(Path relativeFile) {
        Object[] values = new Object[keys.size()];
        Path dir = relativeFile.getParent();
        for (int d = 0; dir != null && d < dir.getNameCount(); d++) {
            String segment = dir.getName(d).toString();
            int eq = segment.indexOf('=');
            int key = eq < 0 ? -1 : keys.indexOf(unescape(segment.substring(0, eq)));
            if (key >= 0) {
                String text = unescape(segment.substring(eq + 1));
                values[key] = text.equals(defaultName) ? null
                        : parse(rowType.fieldType(keyPositions[key]), text, relativeFile);
            }
        }
        return values;
    }

    /** A file's row with the partition values put back in their columns. */
    Row withPartitionValues(Row data, Object[] partitionValues) {
        if (!isPartitioned()) {
            return data;
        }
        Object[] values = new Object[dataPositions.length];
        for (int i = 0; i < dataPositions.length; i++) {
            if (dataPositions[i] >= 0) {
                values[i] = data.getField(dataPositions[i]);
            }
        }
        for (int key = 0; key < keyPositions.length; key++) {
            values[keyPositions[key]] = partitionValues[key];
        }
        return new Row(data.kind(), values);
    }

    private static Object parse(DataType type, String text, Path file) {
        try {
            return switch (type.root()) {
                case BOOLEAN -> switch (text) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new IllegalArgumentException("not a boolean");
                };
                case TINYINT -> Byte.parseByte(text);
                case SMALLINT -> Short.parseShort(text);
                case INT -> Integer.parseInt(text);
                case BIGINT -> Long.parseLong(text);
                case FLOAT -> Float.parseFloat(text);
                case DOUBLE -> Double.parseDouble(text);
                case DECIMAL -> new BigDecimal(text);
                case DATE -> LocalDate.parse(text);
                case TIME -> LocalTime.parse(text);
                case TIMESTAMP -> LocalDateTime.parse(text);
                case TIMESTAMP_LTZ -> Instant.parse(text);
                default -> text;
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The partition directory of file '" + file + "' holds '" + text
                    + "', which is not a value of type " + type, e);
        }
    }

    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c < 0x20 || ESCAPED.indexOf(c) >= 0) {
                sb.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unescape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && isHex(text, i + 1)) {
                sb.append((char) HexFormat.fromHexDigits(text, i + 1, i + 3));
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isHex(String text, int from) {
        return from + 2 <= text.length() && HexFormat.isHexDigit(text.charAt(from))
                && HexFormat.isHexDigit(text.charAt(from + 1));
    }
}
