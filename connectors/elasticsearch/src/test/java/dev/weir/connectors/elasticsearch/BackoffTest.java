package dev.weir.connectors.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.connectors.elasticsearch.ElasticsearchOptions.BackoffStrategy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void constantWaitsTheSameBeforeEachOfItsRetries() {
        Backoff backoff = new Backoff(BackoffStrategy.CONSTANT, 2, Duration.ofMillis(100));
        assertThat(backoff.allowsRetry(0)).isTrue();
        assertThat(backoff.allowsRetry(1)).isTrue();
        assertThat(backoff.allowsRetry(2)).isFalse();
        assertThat(backoff.delayBefore(0)).isEqualTo(backoff.delayBefore(1)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void exponentialDoublesUpToItsLastRetryAndAtMostThirtySeconds() {
        Backoff backoff = new Backoff(BackoffStrategy.EXPONENTIAL, 3, Duration.ofMillis(50));
        assertThat(backoff.delayBefore(0)).isEqualTo(Duration.ofMillis(50));
        assertThat(backoff.delayBefore(2)).isEqualTo(Duration.ofMillis(200));
        // The 'retry' failure handler goes on beyond max-retries at the last delay.
        assertThat(backoff.delayBefore(3)).isEqualTo(backoff.delayBefore(10)).isEqualTo(Duration.ofMillis(400));
        assertThat(new Backoff(BackoffStrategy.EXPONENTIAL, 40, Duration.ofSeconds(1)).delayBefore(39))
                .isEqualTo(Backoff.MAX_DELAY);
    }

    @Test
    void noneNeverRetries() {
        assertThat(new Backoff(BackoffStrategy.NONE, 5, Duration.ofMillis(10)).allowsRetry(0)).isFalse();
    }
}
