package dev.weir.connectors.filesystem;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.config.MemorySize;
import java.time.Duration;

/** The options of the 'filesystem' connector; keys as in Flink's filesystem connector. */
public final class FileSystemOptions {
    private FileSystemOptions() {
    }

    public static final ConfigOption<String> PATH = ConfigOptions.key("path").stringType()
            .noDefaultValue()
            .withDescription("The directory (or, for a source, a single file) to read or write. A source reads "
                    + "every visible file below it, partition directories included.");

    public static final ConfigOption<String> FORMAT = ConfigOptions.key("format").stringType()
            .noDefaultValue()
            .withDescription("The format of the files, e.g. 'csv' or 'json'; its options go under its prefix "
                    + "('csv.field-delimiter').");

    public static final ConfigOption<Duration> SOURCE_MONITOR_INTERVAL = ConfigOptions.key("source.monitor-interval")
            .durationType()
            .noDefaultValue()
            .withDescription("When set, the source is unbounded: it lists the path at this interval and reads "
                    + "files it has not seen before. When absent, the source reads the files present at start "
                    + "and ends.");

    public static final ConfigOption<String> SOURCE_PATH_REGEX_PATTERN = ConfigOptions.key("source.path.regex-pattern")
            .stringType()
            .noDefaultValue()
            .withDescription("A regular expression that a file's absolute path must match (as a whole) to be "
                    + "read. Files and directories whose names start with '.' or '_' are never read.");

    public static final ConfigOption<MemorySize> SINK_ROLLING_POLICY_FILE_SIZE = ConfigOptions
            .key("sink.rolling-policy.file-size").memoryType()
            .defaultValue(MemorySize.ofMebiBytes(128))
            .withDescription("A part file is closed, and a new one started, once it reaches this size.");

    public static final ConfigOption<Duration> SINK_ROLLING_POLICY_ROLLOVER_INTERVAL = ConfigOptions
            .key("sink.rolling-policy.rollover-interval").durationType()
            .defaultValue(Duration.ofMinutes(30))
            .withDescription("A part file is closed, and a new one started, once it has been open this long. "
                    + "Every checkpoint also closes the open part files, which its commit makes visible.");

    public static final ConfigOption<Duration> SINK_ROLLING_POLICY_CHECK_INTERVAL = ConfigOptions
            .key("sink.rolling-policy.check-interval").durationType()
            .defaultValue(Duration.ofMinutes(1))
            .withDescription("How often part files are checked against the rollover interval. Checks happen as "
                    + "rows arrive: a part file that receives no rows waits for the next checkpoint.");

    public static final ConfigOption<String> PARTITION_DEFAULT_NAME = ConfigOptions.key("partition.default-name")
            .stringType()
            .defaultValue("__DEFAULT_PARTITION__")
            .withDescription("The directory name used for a NULL (or empty string) partition value, read back "
                    + "as NULL.");
}
