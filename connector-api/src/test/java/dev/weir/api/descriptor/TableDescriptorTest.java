package dev.weir.api.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataTypes;
import org.junit.jupiter.api.Test;

class TableDescriptorTest {
    @Test
    void rendersAStableCreateTableWithMaskedSecrets() {
        TableDescriptor d = TableDescriptor.forConnector("kafka")
                .schema(Schema.newBuilder()
                        .column("id", DataTypes.BIGINT().notNull())
                        .column("price", "DECIMAL(10, 2)")
                        .columnByExpression("total", "price * 2")
                        .columnByMetadata("ts", DataTypes.TIMESTAMP_LTZ(3), "timestamp", true)
                        .watermark("ts", "ts - INTERVAL '5' SECOND")
                        .primaryKey("id")
                        .build())
                .option("topic", "orders")
                .option("properties.sasl.jaas.config", "org.Plain required password='hunter2';")
                .option("token", "abc")
                .format("value.format", FormatDescriptor.forFormat("json").option("ignore-parse-errors", "true").build())
                .partitionedBy("id")
                .comment("it's orders")
                .build();

        assertThat(d.toSql("orders", key -> key.equals("token"))).isEqualTo("""
                CREATE TABLE `orders` (
                  `id` BIGINT NOT NULL,
                  `price` DECIMAL(10, 2),
                  `total` AS price * 2,
                  `ts` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
                  WATERMARK FOR `ts` AS ts - INTERVAL '5' SECOND,
                  PRIMARY KEY (`id`) NOT ENFORCED
                )
                COMMENT 'it''s orders'
                PARTITIONED BY (`id`)
                WITH (
                  'connector' = 'kafka',
                  'topic' = 'orders',
                  'properties.sasl.jaas.config' = '******',
                  'token' = '******',
                  'value.format' = 'json',
                  'value.json.ignore-parse-errors' = 'true'
                )""");
        assertThat(d.toString()).doesNotContain("hunter2").contains("'token' = '******'");
    }

    @Test
    void formatDescriptorPrefixesItsOptions() {
        TableDescriptor d = TableDescriptor.forConnector("filesystem")
                .format(FormatDescriptor.forFormat("csv").option("field-delimiter", ";").build())
                .build();
        assertThat(d.options()).containsEntry("format", "csv").containsEntry("csv.field-delimiter", ";");
        assertThat(d.toBuilder().option("path", "/tmp").build().options()).containsEntry("path", "/tmp")
                .containsEntry("format", "csv");
    }
}
