package dev.weir.engine.table;

/** Streaming or batch mode, as Flink's EnvironmentSettings. */
public final class EnvironmentSettings {
    private final boolean streaming;

    private EnvironmentSettings(boolean streaming) {
        this.streaming = streaming;
    }

    public static EnvironmentSettings inStreamingMode() {
        return new EnvironmentSettings(true);
    }

    public static EnvironmentSettings inBatchMode() {
        return new EnvironmentSettings(false);
    }

    public boolean isStreamingMode() {
        return streaming;
    }
}
