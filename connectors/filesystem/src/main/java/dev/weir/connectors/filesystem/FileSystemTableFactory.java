package dev.weir.connectors.filesystem;

import static dev.weir.connectors.filesystem.FileSystemOptions.FORMAT;
import static dev.weir.connectors.filesystem.FileSystemOptions.PARTITION_DEFAULT_NAME;
import static dev.weir.connectors.filesystem.FileSystemOptions.PATH;
import static dev.weir.connectors.filesystem.FileSystemOptions.SINK_ROLLING_POLICY_CHECK_INTERVAL;
import static dev.weir.connectors.filesystem.FileSystemOptions.SINK_ROLLING_POLICY_FILE_SIZE;
import static dev.weir.connectors.filesystem.FileSystemOptions.SINK_ROLLING_POLICY_ROLLOVER_INTERVAL;
import static dev.weir.connectors.filesystem.FileSystemOptions.SOURCE_MONITOR_INTERVAL;
import static dev.weir.connectors.filesystem.FileSystemOptions.SOURCE_PATH_REGEX_PATTERN;

import dev.weir.api.ValidationException;
import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.Configuration;
import dev.weir.api.config.SensitiveUrls;
import dev.weir.api.factory.FactoryHelper;
import dev.weir.api.factory.SinkFactory;
import dev.weir.api.factory.SourceFactory;
import dev.weir.api.factory.TableContext;
import dev.weir.api.format.StreamDecoder;
import dev.weir.api.format.StreamEncoder;
import dev.weir.api.sink.Sink;
import dev.weir.api.source.BadRecordOptions;
import dev.weir.api.source.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The 'filesystem' connector: reads and writes files of any format, partitioned Hive-style. */
public final class FileSystemTableFactory implements SourceFactory, SinkFactory {
    public static final String IDENTIFIER = "filesystem";

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Reads the files below a path (once, or watching for new files) and writes part files with "
                + "exactly-once commits, in any format, partitioned into 'column=value' directories.";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(PATH, FORMAT);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(SOURCE_MONITOR_INTERVAL, SOURCE_PATH_REGEX_PATTERN, SINK_ROLLING_POLICY_FILE_SIZE,
                SINK_ROLLING_POLICY_ROLLOVER_INTERVAL, SINK_ROLLING_POLICY_CHECK_INTERVAL, PARTITION_DEFAULT_NAME);
    }

    @Override
    public Source<?, ?> createSource(TableContext context) {
        FactoryHelper helper = FactoryHelper.of(this, context);
        Partitioning partitioning = partitioning(context);
        StreamDecoder decoder = helper.hasFormat(FORMAT)
                ? helper.streamDecoder(FORMAT, partitioning.dataRowType()) : null;
        helper.validate();
        Configuration options = context.options();
        List<String> problems = new ArrayList<>();
        Duration monitorInterval = options.get(SOURCE_MONITOR_INTERVAL);
        if (monitorInterval != null && (monitorInterval.isZero() || monitorInterval.isNegative())) {
            problems.add("option '" + SOURCE_MONITOR_INTERVAL.key() + "' must be positive.");
        }
        if (monitorInterval != null && !context.streaming()) {
            problems.add("option '" + SOURCE_MONITOR_INTERVAL.key() + "' makes the source unbounded, but the job "
                    + "runs in batch mode: remove it to read the files present at start.");
        }
        String badRecordPolicy = options.get(BadRecordOptions.POLICY);
        if (decoder != null && !badRecordPolicy.equals(BadRecordOptions.FAIL) && !decoder.isolatesBadRecords()) {
            problems.add("format '" + options.get(FORMAT) + "' frames records itself and cannot hand over a bad record "
                    + "on its own, so '" + BadRecordOptions.POLICY.key() + "' = '" + badRecordPolicy + "' is not available "
                    + "for it; use the format's own option to skip bad records (e.g. '" + options.get(FORMAT)
                    + ".ignore-parse-errors') if it has one.");
        }
        Pattern pathPattern = null;
        String regex = options.get(SOURCE_PATH_REGEX_PATTERN);
        if (regex != null) {
            try {
                pathPattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                problems.add("option '" + SOURCE_PATH_REGEX_PATTERN.key() + "' is not a regular expression: "
                        + e.getDescription() + " near index " + e.getIndex() + ".");
            }
        }
        throwIfAny(context, problems);
        return new FileSource(options.get(PATH), decoder, partitioning, pathPattern, monitorInterval);
    }

    @Override
    public Sink createSink(TableContext context) {
        FactoryHelper helper = FactoryHelper.of(this, context);
        Partitioning partitioning = partitioning(context);
        StreamEncoder encoder = helper.hasFormat(FORMAT)
                ? helper.streamEncoder(FORMAT, partitioning.dataRowType()) : null;
        helper.validate();
        Configuration options = context.options();
        List<String> problems = new ArrayList<>();
        long fileSize = options.get(SINK_ROLLING_POLICY_FILE_SIZE).bytes();
        if (fileSize == 0) {
            problems.add("option '" + SINK_ROLLING_POLICY_FILE_SIZE.key() + "' must be positive.");
        }
        for (ConfigOption<Duration> interval : List.of(SINK_ROLLING_POLICY_ROLLOVER_INTERVAL,
                SINK_ROLLING_POLICY_CHECK_INTERVAL)) {
            if (options.get(interval).isZero() || options.get(interval).isNegative()) {
                problems.add("option '" + interval.key() + "' must be positive.");
            }
        }
        throwIfAny(context, problems);
        RollingPolicy policy = new RollingPolicy(fileSize, options.get(SINK_ROLLING_POLICY_ROLLOVER_INTERVAL).toMillis(),
                options.get(SINK_ROLLING_POLICY_CHECK_INTERVAL).toMillis());
        return new FileSink(options.get(PATH), encoder, partitioning, "." + options.get(FORMAT), policy);
    }

    /**
     * Checks the path and the partition keys first: the format is created for the columns the keys
     * leave in the files.
     */
    private static Partitioning partitioning(TableContext context) {
        List<String> problems = new ArrayList<>(Partitioning.problems(context.physicalRowType(), context.partitionKeys()));
        String path = context.options().get(PATH);
        if (SensitiveUrls.hasUserInfo(path)) {
            // read as a local path, 's3://key:secret@bucket' would be a directory 's3:' quoted by every file error
            problems.add("option '" + PATH.key() + "' is '" + SensitiveUrls.mask(path) + "', a URL with credentials;"
                    + " the filesystem connector takes local paths.");
        }
        throwIfAny(context, problems);
        return new Partitioning(context.physicalRowType(), context.partitionKeys(),
                context.options().get(PARTITION_DEFAULT_NAME));
    }

    private static void throwIfAny(TableContext context, List<String> problems) {
        if (!problems.isEmpty()) {
            String prefix = "Table '" + context.tableName() + "', connector '" + IDENTIFIER + "': ";
            throw new ValidationException(problems.stream().map(p -> prefix + p).toList());
        }
    }
}
