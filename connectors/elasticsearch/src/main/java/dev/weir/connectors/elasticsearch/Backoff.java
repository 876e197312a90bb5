package dev.weir.connectors.elasticsearch;

import dev.weir.connectors.elasticsearch.ElasticsearchOptions.BackoffStrategy;
import java.io.Serializable;
import java.time.Duration;

/**
 * When the sink retries: {@code maxRetries} times with a constant or doubling delay, or never.
 * The 'retry' failure handler keeps retrying beyond that, at the last delay (the configured delay
 * with NONE), so a cluster that stays overloaded is not hammered.
 */
record Backoff(BackoffStrategy strategy, int maxRetries, Duration delay) implements Serializable {

    /** Doubling stops here: a delay longer than this would only stall a recovered cluster. */
    static final Duration MAX_DELAY = Duration.ofSeconds(30);

    /** Whether the strategy allows retry number {@code retry} (0 is the first retry). */
    boolean allowsRetry(int retry) {
        return strategy != BackoffStrategy.NONE && retry < maxRetries;
    }

    /** The pause before retry number {@code retry} (0 is the first retry). */
    Duration delayBefore(int retry) {
        if (strategy != BackoffStrategy.EXPONENTIAL) {
            return delay;
        }
        int doublings = Math.min(Math.min(retry, maxRetries), 30);
        Duration doubled = delay.multipliedBy(1L << doublings);
        return doubled.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : doubled;
    }
}
