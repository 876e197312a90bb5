package dev.weir.formats.avro;

import static dev.weir.formats.avro.AvroSchemaConverter.allowsNull;
import static dev.weir.formats.avro.AvroSchemaConverter.describe;
import static dev.weir.formats.avro.AvroSchemaConverter.nullable;

import dev.weir.api.types.DataType;
import dev.weir.api.types.TypeRoot;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Builds the reader schema for Avro's schema resolution: the schema derived from the table's row
 * type, fitted to one writer schema so that resolution can succeed wherever the data allows it.
 *
 * <p>Resolution (Avro's ResolvingDecoder) matches record fields by name, fills fields the writer
 * lacks with the reader's defaults, skips fields the reader lacks and promotes int to long, float
 * and double, long to float and double, float to double, and string and bytes to each other. What it
 * cannot do is done here, type by type, so the reader schema follows the table: named types take
 * the writer's names (an enum resolves only against an enum of the same name, so a STRING column
 * reads an enum through the writer's own enum); decimals, fixed, times and timestamps keep the
 * writer's representation and are converted to the column by the reader. A writer type that no
 * conversion can read as the column is an IllegalArgumentException naming the field and both types.
 */
final class ReaderSchemas {
    private ReaderSchemas() {
    }

    /** The reader schema for a ROW type and a writer record schema. */
    static Schema forWriter(Schema writer, DataType rowType) {
        AvroSchemaConverter.requireRecord(writer);
        try {
            return record(writer, rowType);
        } catch (FieldProblem mismatch) {
            throw new IllegalArgumentException("the writer schema " + writer.getFullName()
                    + " cannot be read as the row type: " + mismatch.describe(), mismatch);
        }
    }

    /** The reader schema of one value: nullable when the column or the writer allows null. */
    private static Schema slot(Schema writer, DataType type) {
        Schema reader = nonNull(writer, type);
        // A NOT NULL column still reads a nullable writer type: a null value is then an error that
        // names the field, rather than Avro's "Found null, expecting ...".
        return type.isNullable() || allowsNull(writer) ? nullable(reader) : reader;
    }

    private static Schema nonNull(Schema writer, DataType type) {
        if (writer.getType() != Schema.Type.UNION) {
            Schema reader = fit(writer, type);
            if (reader == null) {
                throw mismatch(type, writer);
            }
            return reader;
        }
        // Resolution reads each writer branch as the reader type; the first branch that fits decides it.
        List<FieldProblem> misfits = new ArrayList<>();
        for (Schema branch : writer.getTypes()) {
            if (branch.getType() == Schema.Type.NULL) {
                continue;
            }
            try {
                Schema reader = fit(branch, type);
                if (reader != null) {
                    return reader;
                }
                misfits.add(mismatch(type, branch));
            } catch (FieldProblem misfit) {
                misfits.add(misfit);
            }
        }
        if (misfits.isEmpty()) {
            // The writer only ever wrote null: any reader type resolves, and every value is NULL.
            return AvroSchemaConverter.deriveValue(type, "never_written", null);
        }
        throw misfits.size() == 1 ? misfits.get(0) : mismatch(type, writer);
    }

    private static FieldProblem mismatch(DataType column, Schema writer) {
        return new FieldProblem("the column is " + column + " but the writer's Avro type is " + describe(writer));
    }

    /** The reader type for a non-union writer type, or null when the column cannot read it. */
    private static Schema fit(Schema writer, DataType type) {
        Schema.Type avro = writer.getType();
        LogicalType logical = writer.getLogicalType();
        boolean plain = logical == null;
        return switch (type.root()) {
            case BOOLEAN -> avro == Schema.Type.BOOLEAN ? Schema.create(Schema.Type.BOOLEAN) : null;
            case TINYINT, SMALLINT, INT -> plain && avro == Schema.Type.INT ? Schema.create(Schema.Type.INT) : null;
            case BIGINT -> plain && (avro == Schema.Type.INT || avro == Schema.Type.LONG)
                    ? Schema.create(Schema.Type.LONG) : null;
            case FLOAT -> plain && (avro == Schema.Type.INT || avro == Schema.Type.LONG || avro == Schema.Type.FLOAT)
                    ? Schema.create(Schema.Type.FLOAT) : null;
            case DOUBLE -> plain && (avro == Schema.Type.INT || avro == Schema.Type.LONG || avro == Schema.Type.FLOAT
                    || avro == Schema.Type.DOUBLE) ? Schema.create(Schema.Type.DOUBLE) : null;
            // Any scale: a value whose digits do not fit the column's scale is an error of its own.
            case DECIMAL -> logical instanceof LogicalTypes.Decimal ? writer : null;
            case VARCHAR -> switch (avro) {
                case STRING, BYTES -> Schema.create(Schema.Type.STRING);
                case ENUM -> writer;
                default -> null;
            };
            case BYTES -> switch (avro) {
                case STRING -> Schema.create(Schema.Type.BYTES);
                case BYTES, FIXED -> plain ? writer : null;
                default -> null;
            };
            case DATE -> logical instanceof LogicalTypes.Date ? writer : null;
            case TIME -> logical instanceof LogicalTypes.TimeMillis || logical instanceof LogicalTypes.TimeMicros
                    ? writer : null;
            case TIMESTAMP, TIMESTAMP_LTZ -> avro == Schema.Type.LONG && TimestampUnit.of(logical) != null ? writer : null;
            case ARRAY -> avro == Schema.Type.ARRAY
                    ? Schema.createArray(element(writer.getElementType(), type.elementType())) : null;
            case MAP -> avro == Schema.Type.MAP && type.keyType().root() == TypeRoot.VARCHAR
                    ? Schema.createMap(element(writer.getValueType(), type.valueType())) : null;
            case ROW -> avro == Schema.Type.RECORD ? record(writer, type) : null;
        };
    }

    private static Schema element(Schema writer, DataType type) {
        try {
            return slot(writer, type);
        } catch (FieldProblem problem) {
            throw problem.inElements();
        }
    }

    private static Schema record(Schema writer, DataType rowType) {
        List<Schema.Field> fields = new ArrayList<>(rowType.fieldCount());
        for (int i = 0; i < rowType.fieldCount(); i++) {
            String name = rowType.fieldNames().get(i);
            DataType type = rowType.fieldType(i);
            Schema.Field writerField = writer.getField(name);
            if (writerField != null) {
                try {
                    fields.add(new Schema.Field(name, slot(writerField.schema(), type)));
                } catch (FieldProblem problem) {
                    throw problem.inField(name);
                }
            } else if (type.isNullable()) {
                // A column the writer did not know (added later, or dropped since): NULL.
                Schema derived = AvroSchemaConverter.deriveValue(type, writer.getName() + "_" + name,
                        writer.getNamespace());
                fields.add(new Schema.Field(name, nullable(derived), null, Schema.Field.NULL_DEFAULT_VALUE));
            } else {
                throw new FieldProblem("the column is " + type + ", but the writer's record " + writer.getFullName()
                        + " has no such field (its fields: " + AvroRowWriter.fieldNames(writer) + ")").inField(name);
            }
        }
        // Named after the writer's record, so that resolution pairs them in unions too.
        return Schema.createRecord(writer.getName(), null, writer.getNamespace(), false, fields);
    }
}
