package dev.weir.api.format;

import dev.weir.api.config.Configuration;
import dev.weir.api.types.DataType;

/**
 * What a format factory is given: the ROW type it decodes to or encodes from, and its own options
 * with their prefix removed ('ignore-parse-errors', not 'json.ignore-parse-errors').
 *
 * @param tableName the table, for error messages
 * @param optionPrefix the prefix the options had in the table ('json.', 'value.avro.'), for error messages
 */
public record FormatContext(String tableName, DataType rowType, Configuration options, String optionPrefix,
                            ClassLoader classLoader) {
}
