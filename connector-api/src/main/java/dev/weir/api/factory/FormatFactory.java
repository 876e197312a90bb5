package dev.weir.api.factory;

import dev.weir.api.format.FormatContext;
import dev.weir.api.format.LineDelimited;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.RowEncoder;
import dev.weir.api.format.StreamDecoder;
import dev.weir.api.format.StreamEncoder;

/**
 * Creates decoders and encoders for a row type. Message-based connectors (Kafka, Pulsar) use
 * {@link RowDecoder}/{@link RowEncoder}; file connectors use the stream forms, which default to one
 * message per line.
 */
public interface FormatFactory extends Factory {
    RowDecoder createDecoder(FormatContext context);

    RowEncoder createEncoder(FormatContext context);

    default StreamDecoder createStreamDecoder(FormatContext context) {
        return LineDelimited.decoder(createDecoder(context));
    }

    default StreamEncoder createStreamEncoder(FormatContext context) {
        return LineDelimited.encoder(createEncoder(context));
    }
}
