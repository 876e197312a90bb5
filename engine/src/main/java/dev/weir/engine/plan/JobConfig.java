package dev.weir.engine.plan;

import dev.weir.api.ValidationException;
import dev.weir.api.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The job's configuration, read from the spec's string map with Flink's keys where Flink has one.
 * Every value is checked when the job is planned.
 */
public record JobConfig(int parallelism, boolean streaming, Optional<Duration> checkpointInterval,
                        Optional<Path> checkpointDir, int retainedCheckpoints, int tolerableFailedCheckpoints,
                        Optional<Path> restorePath,
                        RestartStrategy restartStrategy, LateRows lateRows, Optional<String> lateRowsSink,
                        Optional<Duration> sourceIdleTimeout, Optional<MiniBatch> miniBatch,
                        boolean chaining, int exchangeBatchSize, int exchangeQueueBatches) {

    public static final String PARALLELISM = "parallelism.default";
    public static final String RUNTIME_MODE = "execution.runtime-mode";
    public static final String CHECKPOINT_INTERVAL = "execution.checkpointing.interval";
    public static final String CHECKPOINT_DIR = "execution.checkpointing.dir";
    public static final String RETAINED_CHECKPOINTS = "state.checkpoints.num-retained";
    public static final String TOLERABLE_FAILED_CHECKPOINTS = "execution.checkpointing.tolerable-failed-checkpoints";
    public static final String RESTORE_PATH = "execution.savepoint.path";
    public static final String RESTART_TYPE = "restart-strategy.type";
    public static final String RESTART_ATTEMPTS = "restart-strategy.fixed-delay.attempts";
    public static final String RESTART_DELAY = "restart-strategy.fixed-delay.delay";
    public static final String LATE_ROWS = "table.exec.late-rows";
    public static final String LATE_ROWS_SINK = "table.exec.late-rows.sink";
    public static final String SOURCE_IDLE_TIMEOUT = "table.exec.source.idle-timeout";
    public static final String MINI_BATCH_ENABLED = "table.exec.mini-batch.enabled";
    public static final String MINI_BATCH_ALLOW_LATENCY = "table.exec.mini-batch.allow-latency";
    public static final String MINI_BATCH_SIZE = "table.exec.mini-batch.size";
    public static final String CHAINING = "pipeline.operator-chaining.enabled";
    public static final String EXCHANGE_BATCH_SIZE = "execution.exchange.batch-size";
    public static final String EXCHANGE_QUEUE_BATCHES = "execution.exchange.queue-batches";

    /**
     * The largest parallelism accepted. Every chain runs a thread per subtask and a hash exchange
     * keeps a batch per producer and consumer subtask (parallelism squared), so far beyond the
     * machine's cores a job only spends memory and threads. A fixed number rather than one derived
     * from the processors, so a job file that plans on one machine plans on every other.
     */
    public static final int MAX_PARALLELISM = 256;

    public enum LateRows { DROP, SIDE_OUTPUT }

    /**
     * Streaming group aggregations hold their changes back and emit one change per changed group
     * when {@code size} rows have come in, the oldest held row is {@code allowLatency} old, the input
     * runs dry, or at a barrier, watermark or the end of input: fewer updates downstream, and a
     * Python aggregate's worker is asked once per group and batch instead of once per row.
     */
    public record MiniBatch(Duration allowLatency, int size) {
    }

    /** {@code attempts} restarts after failures, {@code delay} apart; 0 attempts means no restarts. */
    public record RestartStrategy(int attempts, Duration delay) {
    }

    public static JobConfig from(Map<String, String> config) {
        int parallelism = positiveInt(config, PARALLELISM, 1);
        if (parallelism > MAX_PARALLELISM) {
            throw invalid(PARALLELISM, config.get(PARALLELISM), "at most " + MAX_PARALLELISM
                    + " (Weir's limit; this machine has " + Runtime.getRuntime().availableProcessors() + " processors)");
        }
        String mode = config.getOrDefault(RUNTIME_MODE, "streaming").trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("streaming") && !mode.equals("batch")) {
            throw invalid(RUNTIME_MODE, config.get(RUNTIME_MODE), "streaming or batch");
        }
        Optional<Duration> interval = Optional.ofNullable(config.get(CHECKPOINT_INTERVAL)).map(v -> duration(CHECKPOINT_INTERVAL, v));
        Optional<Path> dir = Optional.ofNullable(config.get(CHECKPOINT_DIR)).map(Path::of);
        if (interval.isPresent() && dir.isEmpty()) {
            throw new ValidationException("'" + CHECKPOINT_INTERVAL + "' is set but '" + CHECKPOINT_DIR
                    + "' is not: set the directory checkpoints are written to.");
        }
        String restartType = config.getOrDefault(RESTART_TYPE, "none").trim().toLowerCase(Locale.ROOT);
        RestartStrategy restart = switch (restartType) {
            case "none", "disable", "off" -> new RestartStrategy(0, Duration.ZERO);
            case "fixed-delay", "fixeddelay" -> new RestartStrategy(nonNegativeInt(config, RESTART_ATTEMPTS, 3),
                    duration(RESTART_DELAY, config.getOrDefault(RESTART_DELAY, "1 s")));
            default -> throw invalid(RESTART_TYPE, restartType, "fixed-delay or none");
        };
        String late = config.getOrDefault(LATE_ROWS, "drop").trim().toLowerCase(Locale.ROOT);
        LateRows lateRows = switch (late) {
            case "drop" -> LateRows.DROP;
            case "side-output" -> LateRows.SIDE_OUTPUT;
            default -> throw invalid(LATE_ROWS, late, "drop or side-output");
        };
        Optional<String> lateSink = Optional.ofNullable(config.get(LATE_ROWS_SINK));
        if (lateRows == LateRows.SIDE_OUTPUT && lateSink.isEmpty()) {
            throw new ValidationException("'" + LATE_ROWS + "' = 'side-output' needs '" + LATE_ROWS_SINK
                    + "': the name of the table late rows are written to.");
        }
        Optional<MiniBatch> miniBatch = Optional.empty();
        if (bool(config, MINI_BATCH_ENABLED, false)) {
            // as in Flink: no defaults, both must be set
            Duration latency = duration(MINI_BATCH_ALLOW_LATENCY, Optional.ofNullable(config.get(MINI_BATCH_ALLOW_LATENCY))
                    .orElseThrow(() -> new ValidationException("'" + MINI_BATCH_ENABLED + "' is true: set '"
                            + MINI_BATCH_ALLOW_LATENCY + "' (e.g. '1 s') and '" + MINI_BATCH_SIZE + "' (e.g. '5000').")));
            if (latency.isZero() || latency.isNegative()) {
                throw invalid(MINI_BATCH_ALLOW_LATENCY, config.get(MINI_BATCH_ALLOW_LATENCY), "a positive duration");
            }
            if (!config.containsKey(MINI_BATCH_SIZE)) {
                throw new ValidationException("'" + MINI_BATCH_ENABLED + "' is true: set '" + MINI_BATCH_SIZE + "' (e.g. '5000').");
            }
            miniBatch = Optional.of(new MiniBatch(latency, positiveInt(config, MINI_BATCH_SIZE, 1)));
        }
        return new JobConfig(parallelism, mode.equals("streaming"), interval, dir,
                positiveInt(config, RETAINED_CHECKPOINTS, 1), nonNegativeInt(config, TOLERABLE_FAILED_CHECKPOINTS, 0),
                Optional.ofNullable(config.get(RESTORE_PATH)).map(Path::of),
                restart, lateRows, lateSink,
                Optional.ofNullable(config.get(SOURCE_IDLE_TIMEOUT)).map(v -> duration(SOURCE_IDLE_TIMEOUT, v)).filter(d -> !d.isZero()),
                miniBatch, bool(config, CHAINING, true),
                positiveInt(config, EXCHANGE_BATCH_SIZE, 512), positiveInt(config, EXCHANGE_QUEUE_BATCHES, 8));
    }

    private static boolean bool(Map<String, String> config, String key, boolean defaultValue) {
        String raw = config.getOrDefault(key, String.valueOf(defaultValue)).trim();
        if (!raw.equals("true") && !raw.equals("false")) {
            throw invalid(key, raw, "true or false");
        }
        return raw.equals("true");
    }

    private static int positiveInt(Map<String, String> config, String key, int defaultValue) {
        int v = nonNegativeInt(config, key, defaultValue);
        if (v == 0) {
            throw invalid(key, "0", "a positive integer");
        }
        return v;
    }

    private static int nonNegativeInt(Map<String, String> config, String key, int defaultValue) {
        String raw = config.get(key);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < 0) {
                throw invalid(key, raw, "a non-negative integer");
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid(key, raw, "an integer");
        }
    }

    private static Duration duration(String key, String raw) {
        try {
            return Durations.parse(raw);
        } catch (IllegalArgumentException e) {
            throw invalid(key, raw, "a duration such as '10 s' or '500 ms'");
        }
    }

    private static ValidationException invalid(String key, String value, String expected) {
        return new ValidationException("Configuration '" + key + "' = '" + value + "' is invalid: expected " + expected + ".");
    }
}
