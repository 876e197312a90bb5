package dev.weir.connectors.blackhole;

import dev.weir.api.data.Row;
import dev.weir.api.format.RowEncoder;
import dev.weir.api.metrics.Counter;
import dev.weir.api.sink.Sink;
import dev.weir.api.sink.SinkWriter;
import dev.weir.api.sink.WriterInitContext;

/** Discards rows after counting them (and, with an encoder, after encoding them). */
final class BlackHoleSink implements Sink {
    private final RowEncoder encoder;

    /** @param encoder null to discard rows without encoding */
    BlackHoleSink(RowEncoder encoder) {
        this.encoder = encoder;
    }

    @Override
    public SinkWriter createWriter(WriterInitContext context) {
        if (encoder != null) {
            encoder.open(context.metrics());
        }
        return new BlackHoleWriter(encoder, context.metrics().counter("numRecordsOut"),
                context.metrics().counter("numBytesOut"));
    }

    private static final class BlackHoleWriter implements SinkWriter {
        private final RowEncoder encoder;
        private final Counter recordsOut;
        private final Counter bytesOut;

        BlackHoleWriter(RowEncoder encoder, Counter recordsOut, Counter bytesOut) {
            this.encoder = encoder;
            this.recordsOut = recordsOut;
            this.bytesOut = bytesOut;
        }

        /** Counting the encoded bytes keeps the encoding observable, so the JIT cannot drop it. */
        @Override
        public void write(Row row) {
            if (encoder != null) {
                bytesOut.inc(encoder.encode(row).length);
            }
            recordsOut.inc();
        }

        @Override
        public void flush(boolean endOfInput) {
        }

        @Override
        public void close() {
        }
    }
}
