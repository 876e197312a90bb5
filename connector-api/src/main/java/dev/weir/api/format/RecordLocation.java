package dev.weir.api.format;

import java.io.Serializable;

/**
 * Where a record came from, for error messages and dead-letter records: a topic, partition and
 * offset; a file and line; or a file and byte offset.
 */
public record RecordLocation(String description) implements Serializable {
    public static RecordLocation ofOffset(String topic, int partition, long offset) {
        return new RecordLocation("topic '" + topic + "', partition " + partition + ", offset " + offset);
    }

    public static RecordLocation ofLine(String file, long line) {
        return new RecordLocation("file '" + file + "', line " + line);
    }

    public static RecordLocation ofByteOffset(String file, long byteOffset) {
        return new RecordLocation("file '" + file + "', byte offset " + byteOffset);
    }

    public static RecordLocation unknown() {
        return new RecordLocation("an unknown location");
    }

    @Override
    public String toString() {
        return description;
    }
}
