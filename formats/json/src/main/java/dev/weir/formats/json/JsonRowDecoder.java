package dev.weir.formats.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import dev.weir.api.data.Row;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.RecordLocation;
import dev.weir.api.format.RecordSizeLimit;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.SkippedRecords;
import dev.weir.api.metrics.MetricGroup;
import dev.weir.api.types.DataType;
import dev.weir.formats.json.JsonFormatOptions.TimestampFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** Decodes one JSON object per message into one row. */
final class JsonRowDecoder implements RowDecoder {
    private static final long serialVersionUID = 1L;

    private final DataType rowType;
    private final boolean failOnMissingField;
    private final boolean ignoreParseErrors;
    private final TimestampFormat timestampFormat;
    private final RecordSizeLimit sizeLimit;
    private final SkippedRecords skippedRecords;

    // Built from the settings above, again after deserialization on a worker.
    private transient JsonFactory jsonFactory;
    private transient JsonReaders.ValueReader rowReader;

    JsonRowDecoder(DataType rowType, boolean failOnMissingField, boolean ignoreParseErrors,
                   TimestampFormat timestampFormat, RecordSizeLimit sizeLimit) {
        this.rowType = rowType;
        this.failOnMissingField = failOnMissingField;
        this.ignoreParseErrors = ignoreParseErrors;
        this.timestampFormat = timestampFormat;
        this.sizeLimit = sizeLimit;
        this.skippedRecords = new SkippedRecords("json.ignore-parse-errors is true");
        initialize(); // fails here, at validation time, on a type the format cannot read
    }

    private void initialize() {
        jsonFactory = new JsonFactoryBuilder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(sizeLimit.maxValueChars()).build())
                .build();
        rowReader = new JsonReaders(jsonFactory, failOnMissingField, timestampFormat).row(rowType);
    }

    @Override
    public void open(MetricGroup metrics) {
        if (rowReader == null) {
            initialize();
        }
        skippedRecords.open(metrics);
    }

    @Override
    public void decode(byte[] message, RecordLocation location, Consumer<Row> out) {
        if (rowReader == null) {
            initialize();
        }
        Row row;
        try {
            sizeLimit.check(message.length, location);
            row = decode(message, location);
        } catch (RecordDecodeException error) {
            if (!ignoreParseErrors) {
                throw error;
            }
            skippedRecords.skip(error);
            return;
        }
        if (row != null) {
            out.accept(row);
        }
    }

    /** The row, or null for a message without any JSON value (an empty message such as a Kafka tombstone). */
    private Row decode(byte[] message, RecordLocation location) {
        try (JsonParser parser = jsonFactory.createParser(message)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            if (first != JsonToken.START_OBJECT) {
                throw JsonReaders.mismatch("a JSON object", parser, first);
            }
            Row row = (Row) rowReader.read(parser, first);
            if (parser.nextToken() != null) {
                throw new FieldProblem("unexpected content after the JSON object at column "
                        + parser.currentTokenLocation().getColumnNr());
            }
            return row;
        } catch (FieldProblem problem) {
            throw new RecordDecodeException(location, problem.describe());
        } catch (StreamReadException malformed) {
            throw new RecordDecodeException(location, JsonReaders.malformedJson(malformed).describe());
        } catch (StreamConstraintsException tooLarge) {
            // a number of over 1000 digits, nesting over 1000 deep: Jackson's limits against hostile input
            throw new RecordDecodeException(location, "beyond a limit of the JSON parser: " + tooLarge.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read a JSON message from memory", e); // not expected from a byte[]
        }
    }
}
