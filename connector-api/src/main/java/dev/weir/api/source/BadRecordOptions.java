package dev.weir.api.source;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import java.util.List;

/**
 * Table options the engine understands for every source, whatever its connector: what happens to
 * records that cannot be decoded ({@link BadRecordHandler}). Factories do not declare them;
 * {@link dev.weir.api.factory.FactoryHelper#validate()} accepts and checks them for every table.
 */
public final class BadRecordOptions {
    public static final String FAIL = "fail";
    public static final String SKIP = "skip";
    public static final String DEAD_LETTER = "dead-letter";

    public static final ConfigOption<String> POLICY = ConfigOptions.key("scan.bad-records.policy")
            .enumType(FAIL, SKIP, DEAD_LETTER).defaultValue(FAIL)
            .withDescription("What happens to a record that cannot be decoded: 'fail' fails the job naming the "
                    + "record's location; 'skip' counts it in 'numRecordsSkipped' and logs it (rate-limited); "
                    + "'dead-letter' writes its raw bytes, the error and the location to "
                    + "'scan.bad-records.dead-letter-table'.");

    public static final ConfigOption<String> DEAD_LETTER_TABLE = ConfigOptions.key("scan.bad-records.dead-letter-table")
            .stringType().noDefaultValue()
            .withDescription("With 'scan.bad-records.policy' = 'dead-letter': the job's table that receives bad records "
                    + "as rows (raw BYTES, error STRING, location STRING, source_table STRING, "
                    + "failed_at TIMESTAMP_LTZ(3)).");

    /** Every option the engine handles for all sources. */
    public static final List<ConfigOption<?>> ALL = List.of(POLICY, DEAD_LETTER_TABLE);

    private BadRecordOptions() {
    }
}
