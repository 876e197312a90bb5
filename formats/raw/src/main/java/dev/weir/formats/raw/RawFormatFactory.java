package dev.weir.formats.raw;

import dev.weir.api.ValidationException;
import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.factory.FormatFactory;
import dev.weir.api.format.FormatContext;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.RowEncoder;
import dev.weir.api.types.DataType;
import dev.weir.api.types.TypeRoot;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Set;

/**
 * The 'raw' format: the message is the value of the table's single column, as bytes or as text in a
 * charset. In files, one line is one message.
 */
public final class RawFormatFactory implements FormatFactory {
    public static final String IDENTIFIER = "raw";

    public static final ConfigOption<String> CHARSET = ConfigOptions.key("charset")
            .stringType()
            .defaultValue("UTF-8")
            .withDescription("The charset of the text, for a STRING column (ignored for BYTES), e.g. 'UTF-8',"
                    + " 'ISO-8859-1', 'UTF-16BE'.");

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "The message as it is, in a table of a single BYTES or STRING column.";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(CHARSET);
    }

    @Override
    public RowDecoder createDecoder(FormatContext context) {
        return new RawRowDecoder(isText(context), charset(context).name());
    }

    @Override
    public RowEncoder createEncoder(FormatContext context) {
        return new RawRowEncoder(isText(context), charset(context).name());
    }

    /** True for a STRING (VARCHAR) column, false for BYTES; anything else is a schema the format cannot serve. */
    private static boolean isText(FormatContext context) {
        DataType rowType = context.rowType();
        if (rowType.fieldCount() == 1) {
            TypeRoot root = rowType.fieldType(0).root();
            if (root == TypeRoot.VARCHAR || root == TypeRoot.BYTES) {
                return root == TypeRoot.VARCHAR;
            }
        }
        throw new ValidationException("Table '" + context.tableName() + "': the raw format needs exactly one physical"
                + " column, of type BYTES or STRING, but the physical columns are " + rowType.nullable() + ".");
    }

    private static Charset charset(FormatContext context) {
        String name = context.options().get(CHARSET);
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException("the option '" + context.optionPrefix() + CHARSET.key()
                    + "' names a charset this JVM does not know: '" + name + "'.");
        }
    }
}
