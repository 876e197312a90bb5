package dev.weir.connectors.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ValidationException;
import dev.weir.api.config.ConfigOption;
import dev.weir.api.factory.FactoryDiscovery;
import dev.weir.api.factory.SourceFactory;
import dev.weir.testing.TestTable;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class DataGenValidationTest {
    private static TestTable table() {
        return TestTable.named("orders").option("connector", "datagen")
                .column("id", "BIGINT NOT NULL").column("name", "STRING").column("created", "DATE");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(TestTable table) {
        return assertThatThrownBy(table::createSource).isInstanceOf(ValidationException.class)
                .hasMessageContaining("Table 'orders'");
    }

    @Test
    void aFieldOptionForAnUnknownColumnNamesTheColumn() {
        assertInvalid(table().option("fields.nmae.kind", "random"))
                .hasMessageContaining("'fields.nmae.kind'")
                .hasMessageContaining("column 'nmae'")
                .hasMessageContaining("Did you mean 'name'?");
    }

    @Test
    void aBadKindNamesTheKeyAndTheAcceptedValues() {
        assertInvalid(table().option("fields.id.kind", "sequense"))
                .hasMessageContaining("'fields.id.kind'")
                .hasMessageContaining("'random', 'sequence', 'constant'");
    }

    @Test
    void unknownAndMalformedTopLevelOptionsAreReported() {
        assertInvalid(table().option("rows-per-secnd", "5"))
                .hasMessageContaining("unknown option 'rows-per-secnd'")
                .hasMessageContaining("Did you mean 'rows-per-second'?");
        assertInvalid(table().option("number-of-rows", "many"))
                .hasMessageContaining("'number-of-rows'").hasMessageContaining("'many'");
        assertInvalid(table().option("rows-per-second", "0"))
                .hasMessageContaining("'rows-per-second' is 0 but must be positive");
    }

    @Test
    void aSequenceShorterThanNumberOfRowsIsRejectedAsInFlink() {
        assertInvalid(table().option("fields.id.kind", "sequence").option("fields.id.start", "1")
                .option("fields.id.end", "10").option("number-of-rows", "11"))
                .hasMessageContaining("'number-of-rows' (11) exceeds the 10 values of the sequence of column 'id'");
    }

    @Test
    void aSequenceNeedsStartAndEndInOrderAndWithinItsType() {
        assertInvalid(table().option("fields.id.kind", "sequence").option("fields.id.start", "1"))
                .hasMessageContaining("option 'fields.id.end' is required");
        assertInvalid(table().option("fields.id.kind", "sequence").option("fields.id.start", "5")
                .option("fields.id.end", "4"))
                .hasMessageContaining("'fields.id.start' (5) is greater than 'fields.id.end' (4)");
        assertInvalid(TestTable.named("orders").option("connector", "datagen").column("small", "TINYINT")
                .option("fields.small.kind", "sequence").option("fields.small.start", "0")
                .option("fields.small.end", "300"))
                .hasMessageContaining("'fields.small.end' (300) does not fit column 'small' of type TINYINT");
        assertInvalid(table().option("fields.created.kind", "sequence"))
                .hasMessageContaining("'fields.created.kind' is 'sequence' but column 'created' is DATE");
    }

    @Test
    void optionsThatDoNotFitTheColumnsTypeOrKindNameTheKey() {
        assertInvalid(table().option("fields.id.length", "5"))
                .hasMessageContaining("'fields.id.length' applies to STRING, VARCHAR, BYTES, ARRAY and MAP columns, "
                        + "but column 'id' is BIGINT NOT NULL");
        assertInvalid(table().option("fields.name.min", "a"))
                .hasMessageContaining("'fields.name.min' applies to numeric columns");
        assertInvalid(table().option("fields.name.max-past", "1 h"))
                .hasMessageContaining("'fields.name.max-past' applies to DATE, TIMESTAMP and TIMESTAMP_LTZ columns");
        assertInvalid(table().option("fields.id.start", "1"))
                .hasMessageContaining("option 'fields.id.start' does not apply to column 'id', whose kind is 'random'");
        assertInvalid(table().option("fields.id.kind", "constant").option("fields.id.value", "1")
                .option("fields.id.null-rate", "0.1"))
                .hasMessageContaining("'fields.id.null-rate' does not apply to column 'id', whose kind is 'constant'");
    }

    @Test
    void valuesOutOfRangeOrOfTheWrongFormNameTheKey() {
        assertInvalid(table().option("fields.id.min", "10").option("fields.id.max", "1"))
                .hasMessageContaining("'fields.id.min' (10) is greater than 'fields.id.max' (1)");
        assertInvalid(table().option("fields.id.min", "ten"))
                .hasMessageContaining("invalid value 'ten' for option 'fields.id.min'");
        assertInvalid(table().option("fields.id.null-rate", "0.5"))
                .hasMessageContaining("'fields.id.null-rate' is 0.5 but column 'id' is NOT NULL");
        assertInvalid(table().option("fields.name.null-rate", "1.5"))
                .hasMessageContaining("'fields.name.null-rate' is 1.5 but must be from 0 to 1");
        assertInvalid(table().option("fields.created.kind", "constant").option("fields.created.value", "yesterday"))
                .hasMessageContaining("invalid value 'yesterday' for option 'fields.created.value'");
        assertInvalid(table().option("fields.created.kind", "constant"))
                .hasMessageContaining("option 'fields.created.value' is required");
        assertInvalid(table().option("fields.created.max-past", "soon"))
                .hasMessageContaining("'fields.created.max-past'").hasMessageContaining("expected a duration");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ValidationException e = (ValidationException) org.assertj.core.api.Assertions.catchThrowable(
                table().option("fields.id.length", "5").option("fields.nmae.kind", "random")
                        .option("fields.created.kind", "constant")::createSource);

        assertThat(e.problems()).hasSize(3);
    }

    @Test
    void batchModeNeedsABoundedSource() {
        assertInvalid(table().batch())
                .hasMessageContaining("unbounded but the job runs in batch mode");
        assertThat(table().batch().option("number-of-rows", "1").createSource()).isNotNull();
    }

    @Test
    void theFactoryIsDiscoverableAndEveryOptionIsDescribed() {
        SourceFactory factory = FactoryDiscovery.load().find(SourceFactory.class, "datagen", null);

        assertThat(factory).isInstanceOf(DataGenTableFactory.class);
        assertThat(factory.optionalOptions()).extracting(ConfigOption::key).contains("rows-per-second",
                "number-of-rows", "fields.#.kind", "fields.#.min", "fields.#.max", "fields.#.max-past",
                "fields.#.length", "fields.#.start", "fields.#.end", "fields.#.null-rate", "fields.#.value");
        assertThat(factory.optionalOptions()).allMatch(o -> o.description().length() > 30);
    }
}
