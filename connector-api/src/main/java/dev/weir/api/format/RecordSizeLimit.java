package dev.weir.api.format;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.config.MemorySize;
import java.io.Serializable;

/**
 * The largest record a format decodes, set by its option {@code max-record-size}. A longer record is
 * a bad record like any other (a {@link RecordDecodeException} naming the option), so it goes through
 * the format's 'ignore-parse-errors' and the table's 'scan.bad-records.policy' instead of failing the
 * job deep inside a parser. Formats whose parser limits the length of one value (Jackson's
 * {@code maxStringLength}) set that limit to {@link #maxValueChars()}: no value is longer than its record.
 *
 * @param maxBytes the largest record, in bytes
 * @param optionKey the option's key as the table spells it ('json.max-record-size'), for error messages
 */
public record RecordSizeLimit(long maxBytes, String optionKey) implements Serializable {
    public static final ConfigOption<MemorySize> OPTION = ConfigOptions.key("max-record-size")
            .memoryType()
            .defaultValue(MemorySize.ofMebiBytes(20))
            .withDescription("The largest record decoded (a message, or a record of a file), in bytes: '64 mb'. A "
                    + "longer record cannot be decoded: it fails the job naming its location, or is skipped or "
                    + "dead-lettered under 'ignore-parse-errors' or the table's 'scan.bad-records.policy'. It is "
                    + "also the longest value the parser accepts (Jackson's 'maxStringLength').");

    /** The limit set in {@code context}'s options. */
    public static RecordSizeLimit of(FormatContext context) {
        return new RecordSizeLimit(context.options().get(OPTION).bytes(), context.optionPrefix() + OPTION.key());
    }

    /** @throws RecordDecodeException when a record of {@code size} bytes is over the limit */
    public void check(long size, RecordLocation location) {
        if (size > maxBytes) {
            throw new RecordDecodeException(location, "the record is " + size + " bytes long, more than '" + optionKey
                    + "' (" + MemorySize.ofBytes(maxBytes) + ")");
        }
    }

    /** The longest value of a record, in characters: a parser's limit for one value. */
    public int maxValueChars() {
        return (int) Math.min(maxBytes, Integer.MAX_VALUE);
    }
}
