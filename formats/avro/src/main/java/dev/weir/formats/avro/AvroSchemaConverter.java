package dev.weir.formats.avro;

import dev.weir.api.types.DataType;
import dev.weir.api.types.TypeRoot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Derives the Avro schema of a table's row type, parses schemas users give, and renders both kinds
 * of type for error messages. Used by the 'avro' and 'avro-confluent' formats alike.
 *
 * <p>Derivation: a nullable column becomes {@code ["null", T]} with default {@code null}; TINYINT and
 * SMALLINT are Avro ints; DECIMAL is {@code bytes} with the decimal logical type; TIME(p) is
 * time-millis for p up to 3, else time-micros; TIMESTAMP(p) is local-timestamp-millis/-micros/-nanos
 * and TIMESTAMP_LTZ(p) timestamp-millis/-micros/-nanos (p up to 3, 6, 9); a nested ROW is a record
 * named after its parent and field ({@code record_address}), as Flink names them.
 */
public final class AvroSchemaConverter {
    private AvroSchemaConverter() {
    }

    /**
     * The Avro record schema for a ROW type.
     *
     * @param namespace null or empty for none
     * @throws IllegalArgumentException naming the column when a type has no Avro form (a MAP whose keys
     *     are not strings) or a name is not a valid Avro name
     */
    public static Schema deriveSchema(DataType rowType, String recordName, String namespace) {
        if (rowType.root() != TypeRoot.ROW) {
            throw new IllegalArgumentException("an Avro schema can only be derived from a ROW type, not " + rowType);
        }
        String ns = namespace == null || namespace.isEmpty() ? null : namespace;
        checkName(recordName, "the record name");
        if (ns != null && !Arrays.stream(ns.split("\\.", -1)).allMatch(AvroSchemaConverter::isName)) {
            throw new IllegalArgumentException("the namespace '" + ns + "' is not a valid Avro namespace: use names"
                    + " separated by dots, each of letters, digits and '_', not starting with a digit");
        }
        return new Deriver(ns).record(rowType, recordName, "");
    }

    /** The schema of one value of a type, without the null union; nested records are named from {@code nestedName}. */
    static Schema deriveValue(DataType type, String nestedName, String namespace) {
        return new Deriver(namespace).type(type, nestedName, "");
    }

    /** Parses a schema written as JSON; an invalid one is an IllegalArgumentException saying why. */
    public static Schema parseSchema(String json) {
        try {
            return new Schema.Parser().parse(json);
        } catch (SchemaParseException | NullPointerException e) {
            throw new IllegalArgumentException("the Avro schema is not valid: " + e.getMessage(), e);
        }
    }

    /** A record schema, or an IllegalArgumentException naming what was found instead. */
    public static Schema requireRecord(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("the Avro schema must be a record, found " + describe(schema));
        }
        return schema;
    }

    /**
     * An Avro type as error messages show it: {@code "long" (timestamp-millis)}, {@code enum com.acme.Color},
     * {@code ["null", "string"]}, {@code record com.acme.Order}.
     */
    public static String describe(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        return switch (schema.getType()) {
            case RECORD, ENUM -> schema.getType().getName() + " " + schema.getFullName();
            case FIXED -> "fixed " + schema.getFullName() + " (size " + schema.getFixedSize() + ")"
                    + (logical == null ? "" : " (" + logicalName(logical) + ")");
            case UNION -> schema.getTypes().stream().map(AvroSchemaConverter::describe)
                    .collect(Collectors.joining(", ", "[", "]"));
            case ARRAY -> "array of " + describe(schema.getElementType());
            case MAP -> "map of " + describe(schema.getValueType());
            default -> "\"" + schema.getType().getName() + "\"" + (logical == null ? "" : " (" + logicalName(logical) + ")");
        };
    }

    private static String logicalName(LogicalType logical) {
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return "decimal(" + decimal.getPrecision() + ", " + decimal.getScale() + ")";
        }
        return logical.getName();
    }

    /** The non-null branch of {@code ["null", T]} or {@code [T, "null"]}; the schema itself otherwise. */
    static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        List<Schema> branches = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
        return branches.size() == 1 ? branches.get(0) : schema;
    }

    static boolean allowsNull(Schema schema) {
        return schema.getType() == Schema.Type.NULL || schema.getType() == Schema.Type.UNION
                && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
    }

    static Schema nullable(Schema schema) {
        return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
    }

    /** Avro names: a letter or '_', then letters, digits and '_'. */
    private static boolean isName(String name) {
        return name != null && name.matches("[A-Za-z_][A-Za-z0-9_]*");
    }

    private static void checkName(String name, String what) {
        if (!isName(name)) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a valid Avro name: use letters, digits"
                    + " and '_', not starting with a digit");
        }
    }

    /** The schema of a column's type, without the null union. Shared by derivation and reader schemas. */
    static Schema scalar(DataType type, String path) {
        return switch (type.root()) {
            case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
            case TINYINT, SMALLINT, INT -> Schema.create(Schema.Type.INT);
            case BIGINT -> Schema.create(Schema.Type.LONG);
            case FLOAT -> Schema.create(Schema.Type.FLOAT);
            case DOUBLE -> Schema.create(Schema.Type.DOUBLE);
            case DECIMAL -> LogicalTypes.decimal(type.precision(), type.scale()).addToSchema(Schema.create(Schema.Type.BYTES));
            case VARCHAR -> Schema.create(Schema.Type.STRING);
            case BYTES -> Schema.create(Schema.Type.BYTES);
            case DATE -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
            case TIME -> type.precision() <= 3
                    ? LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT))
                    : LogicalTypes.timeMicros().addToSchema(Schema.create(Schema.Type.LONG));
            case TIMESTAMP -> TimestampUnit.forPrecision(type.precision()).localLogicalType()
                    .addToSchema(Schema.create(Schema.Type.LONG));
            case TIMESTAMP_LTZ -> TimestampUnit.forPrecision(type.precision()).instantLogicalType()
                    .addToSchema(Schema.create(Schema.Type.LONG));
            default -> throw new IllegalStateException("not a scalar type: " + type + " at '" + path + "'");
        };
    }

    /** Builds one schema; remembers record names so that two nested records never share one. */
    private static final class Deriver {
        private final String namespace;
        private final Set<String> usedNames = new HashSet<>();

        Deriver(String namespace) {
            this.namespace = namespace;
        }

        Schema record(DataType rowType, String name, String path) {
            String unique = name;
            for (int i = 2; !usedNames.add(unique); i++) {
                unique = name + "_" + i;
            }
            List<Schema.Field> fields = new ArrayList<>(rowType.fieldCount());
            for (int i = 0; i < rowType.fieldCount(); i++) {
                String fieldName = rowType.fieldNames().get(i);
                String fieldPath = path.isEmpty() ? fieldName : path + "." + fieldName;
                checkName(fieldName, path.isEmpty() ? "the column name" : "the column name in '" + path + "'");
                DataType fieldType = rowType.fieldType(i);
                Schema schema = type(fieldType, unique + "_" + fieldName, fieldPath);
                fields.add(fieldType.isNullable()
                        ? new Schema.Field(fieldName, nullable(schema), null, Schema.Field.NULL_DEFAULT_VALUE)
                        : new Schema.Field(fieldName, schema));
            }
            return Schema.createRecord(unique, null, namespace, false, fields);
        }

        /** The schema of a type without its null union; nested records are named {@code nestedName}. */
        Schema type(DataType type, String nestedName, String path) {
            return switch (type.root()) {
                case ARRAY -> Schema.createArray(element(type.elementType(), nestedName, path + "[]"));
                case MAP -> {
                    if (type.keyType().root() != TypeRoot.VARCHAR) {
                        throw new IllegalArgumentException("column '" + path + "' has the type " + type
                                + ", but Avro map keys are strings: use MAP<STRING, ...>");
                    }
                    yield Schema.createMap(element(type.valueType(), nestedName, path + "[]"));
                }
                case ROW -> record(type, nestedName, path);
                default -> scalar(type, path);
            };
        }

        private Schema element(DataType type, String nestedName, String path) {
            Schema schema = type(type, nestedName, path);
            return type.isNullable() ? nullable(schema) : schema;
        }
    }
}
