package dev.weir.connectors.pulsar;

import static dev.weir.connectors.pulsar.PulsarOptions.SOURCE_STOP_AFTER_MESSAGE_ID;
import static dev.weir.connectors.pulsar.PulsarOptions.SOURCE_STOP_AT_MESSAGE_ID;
import static dev.weir.connectors.pulsar.PulsarOptions.SOURCE_STOP_AT_PUBLISH_TIME;

import dev.weir.api.config.Configuration;
import java.io.Serializable;
import java.util.List;

/** Where a bounded source stops, from the source.stop.* options (at most one may be set). */
record StopCursor(Kind kind, byte[] messageId, long publishTimeMillis) implements Serializable {

    enum Kind {
        NEVER,
        /** After the last message each partition held when it was discovered. */
        LATEST,
        /** Before the given message. */
        AT_MESSAGE_ID,
        /** After the given message. */
        AFTER_MESSAGE_ID,
        /** Before the first message published at or after the time. */
        AT_PUBLISH_TIME
    }

    static StopCursor from(Configuration options, List<String> problems) {
        String at = options.get(SOURCE_STOP_AT_MESSAGE_ID);
        String after = options.get(SOURCE_STOP_AFTER_MESSAGE_ID);
        Long publishTime = options.get(SOURCE_STOP_AT_PUBLISH_TIME);
        long set = java.util.stream.Stream.of(at, after, publishTime).filter(java.util.Objects::nonNull).count();
        if (set > 1) {
            problems.add("set at most one of '" + SOURCE_STOP_AT_MESSAGE_ID.key() + "', '" + SOURCE_STOP_AFTER_MESSAGE_ID.key()
                    + "' and '" + SOURCE_STOP_AT_PUBLISH_TIME.key() + "'.");
        }
        if (publishTime != null) {
            return new StopCursor(Kind.AT_PUBLISH_TIME, null, publishTime);
        }
        if (after != null) {
            return messageId(Kind.AFTER_MESSAGE_ID, SOURCE_STOP_AFTER_MESSAGE_ID.key(), after, problems);
        }
        if (at == null || at.trim().equalsIgnoreCase("never")) {
            return new StopCursor(Kind.NEVER, null, -1);
        }
        if (at.trim().equalsIgnoreCase("latest")) {
            return new StopCursor(Kind.LATEST, null, -1);
        }
        return messageId(Kind.AT_MESSAGE_ID, SOURCE_STOP_AT_MESSAGE_ID.key(), at, problems);
    }

    private static StopCursor messageId(Kind kind, String key, String text, List<String> problems) {
        try {
            return new StopCursor(kind, MessageIds.toBytes(MessageIds.parse(text)), -1);
        } catch (IllegalArgumentException e) {
            problems.add("option '" + key + "': " + e.getMessage() + (kind == Kind.AT_MESSAGE_ID ? ", 'never' or 'latest'." : "."));
            return new StopCursor(Kind.NEVER, null, -1);
        }
    }

    boolean bounded() {
        return kind != Kind.NEVER;
    }
}
