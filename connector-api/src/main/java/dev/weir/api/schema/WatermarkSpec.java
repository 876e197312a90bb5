package dev.weir.api.schema;

import java.io.Serializable;

/**
 * Event time for a table: the rowtime column and a SQL expression giving the watermark for a row,
 * e.g. {@code ts - INTERVAL '5' SECOND} for five seconds of allowed out-of-orderness.
 */
public record WatermarkSpec(String rowtimeColumn, String expression) implements Serializable {
}
