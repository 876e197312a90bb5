package dev.weir.engine.runtime;

import dev.weir.api.data.Row;

/** Where an operator pushes its results inside a chain: the next operator or the chain's exchange. */
interface Downstream {
    void accept(Row row);

    /** Event time has reached {@code watermark} (epoch millis): no rows at or before it are expected. */
    void watermark(long watermark);

    /** No more input will come: finish and pass it on. */
    void endInput();
}
