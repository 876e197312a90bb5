package dev.weir.connectors.datagen;

import static dev.weir.connectors.datagen.DataGenOptions.NUMBER_OF_ROWS;
import static dev.weir.connectors.datagen.DataGenOptions.ROWS_PER_SECOND;

import dev.weir.api.ValidationException;
import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.Configuration;
import dev.weir.api.factory.FactoryHelper;
import dev.weir.api.factory.SourceFactory;
import dev.weir.api.factory.TableContext;
import dev.weir.api.source.Source;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The 'datagen' source: random, sequence and constant columns, bounded or not, at a set rate. */
public final class DataGenTableFactory implements SourceFactory {
    public static final String IDENTIFIER = "datagen";

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Generates rows of random, sequence or constant values at a given rate; bounded when "
                + "'number-of-rows' is set or a column is a sequence. Values are reproducible after a restore.";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options = new LinkedHashSet<>(List.of(ROWS_PER_SECOND, NUMBER_OF_ROWS));
        options.addAll(DataGenOptions.FIELD_OPTIONS);
        return options;
    }

    @Override
    public Source<?, ?> createSource(TableContext context) {
        FactoryHelper.of(this, context).validate();
        String prefix = "Table '" + context.tableName() + "', connector '" + IDENTIFIER + "': ";
        Configuration options = context.options();
        List<String> problems = new ArrayList<>();
        long rowsPerSecond = options.get(ROWS_PER_SECOND);
        if (rowsPerSecond <= 0) {
            problems.add(prefix + "option '" + ROWS_PER_SECOND.key() + "' is " + rowsPerSecond + " but must be positive.");
        }
        Optional<Long> numberOfRows = options.getOptional(NUMBER_OF_ROWS);
        if (numberOfRows.isPresent() && numberOfRows.get() < 0) {
            problems.add(prefix + "option '" + NUMBER_OF_ROWS.key() + "' is " + numberOfRows.get()
                    + " but must not be negative.");
        }
        List<FieldSpec> fields = FieldSpecParser.parse(prefix, context.physicalRowType(), options, problems);
        Optional<FieldSpec.Sequence> shortestSequence = fields.stream()
                .filter(FieldSpec.Sequence.class::isInstance).map(FieldSpec.Sequence.class::cast)
                .min(Comparator.comparingLong(FieldSpec.Sequence::length));
        if (numberOfRows.isPresent() && shortestSequence.isPresent()
                && numberOfRows.get() > shortestSequence.get().length()) {
            FieldSpec.Sequence sequence = shortestSequence.get();
            problems.add(prefix + "option '" + NUMBER_OF_ROWS.key() + "' (" + numberOfRows.get() + ") exceeds the "
                    + sequence.length() + " values of the sequence of column '" + sequence.name() + "' (from "
                    + sequence.start() + " to " + sequence.end() + "): raise 'fields." + sequence.name()
                    + ".end' or lower '" + NUMBER_OF_ROWS.key() + "'.");
        }
        boolean bounded = numberOfRows.isPresent() || shortestSequence.isPresent();
        if (!bounded && !context.streaming()) {
            problems.add(prefix + "the source is unbounded but the job runs in batch mode: set '"
                    + NUMBER_OF_ROWS.key() + "' or make a column a sequence.");
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        long totalRows = numberOfRows.orElseGet(() -> shortestSequence.map(FieldSpec.Sequence::length)
                .orElse(Long.MAX_VALUE));
        return new DataGenSource(fields, rowsPerSecond, totalRows, bounded);
    }
}
