package dev.weir.api.format;

import dev.weir.api.data.Row;
import dev.weir.api.metrics.MetricGroup;
import java.io.Serializable;

/** Encodes a row of the format's row type into one message. */
public interface RowEncoder extends Serializable {
    default void open(MetricGroup metrics) {
    }

    byte[] encode(Row row);
}
