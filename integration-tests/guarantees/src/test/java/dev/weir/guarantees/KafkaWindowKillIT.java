package dev.weir.guarantees;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.it.containers.ContainerLogsOnFailure;
import dev.weir.it.containers.KafkaContainer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Job 3: Kafka -> keyed tumbling-window aggregation (state in checkpoints) -> Kafka with transactions.
 * Record i has event time BASE + i ms and key i % 500, so each 10 s window holds 10,000 records and
 * each of its 500 keys 20 of them; every partition's event time only grows, so no record is late.
 */
@ExtendWith(ContainerLogsOnFailure.class)
class KafkaWindowKillIT {

    static final LocalDateTime BASE = LocalDateTime.of(2026, 1, 1, 0, 0);
    static final long BASE_MILLIS = BASE.toInstant(ZoneOffset.UTC).toEpochMilli();
    static final int KEYS = 500;
    static final long WINDOW_MILLIS = 10_000;
    static final DateTimeFormatter SQL_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    static long value(long i) {
        return (i * 31) % 1000;
    }

    static ProducerRecord<String, String> input(String topic, long i) {
        String ts = SQL_TIMESTAMP.format(BASE.plus(Duration.ofMillis(i)));
        return new ProducerRecord<>(topic, (int) (i % 4), null,
                "{\"id\":" + i + ",\"k\":" + (i % KEYS) + ",\"v\":" + value(i) + ",\"ts\":\"" + ts + "\"}");
    }

    @Test
    void everyWindowResultExactlyOnceAfterKills() throws Exception {
        String name = "kafka-window";
        long started = System.nanoTime();
        long seed = GuaranteeReport.seedFor(name);
        KafkaContainer kafka = KafkaContainer.shared();
        try (KafkaIO io = new KafkaIO(kafka.bootstrapServers())) {
            String in = Runs.unique("window-in");
            String out = Runs.unique("window-out");
            String group = Runs.unique("window-group");
            io.createTopic(in, 4);
            io.createTopic(out, 4);
            KafkaIO.StagedInput input = io.stagedInput(Runs.RECORDS, i -> input(in, i));
            Path work = Runs.workDir(name);

            ObjectNode job = JobSpecs.job(work.resolve("checkpoints"), 2);
            ObjectNode source = JobSpecs.table(job, "src", "kafka",
                    new String[][] {{"id", "BIGINT"}, {"k", "INT"}, {"v", "BIGINT"}, {"ts", "TIMESTAMP(3)"}},
                    JobSpecs.kafkaSource(io.bootstrap(), in, group, input.endOffsets()));
            ((ObjectNode) source.get("schema")).putObject("watermark").put("column", "ts")
                    .put("expression", "ts - INTERVAL '1' SECOND");
            JobSpecs.table(job, "dst", "kafka",
                    new String[][] {{"k", "INT"}, {"wstart", "TIMESTAMP(3)"}, {"cnt", "BIGINT"}, {"total", "BIGINT"}},
                    JobSpecs.kafkaExactlyOnceSink(io.bootstrap(), out, Runs.unique("weir-guarantees-window")));
            ObjectNode query = JobSpecs.JSON.createObjectNode().put("op", "windowAggregate");
            query.set("input", JobSpecs.scan("src"));
            query.putObject("window").put("type", "tumble").put("size", "10 s").put("on", "ts").put("alias", "w");
            ((ArrayNode) query.putArray("groupBy")).add("w").add("k");
            ((ArrayNode) query.putArray("select")).add("k").add("w.start AS wstart").add("COUNT(*) AS cnt").add("SUM(v) AS total");
            JobSpecs.pipeline(job, "dst", query);
            Path jobFile = JobSpecs.write(job, work.resolve("job.json"));

            KillLoop.Outcome outcome = new KillLoop(name, jobFile, work.resolve("checkpoints"), work, seed,
                    Runs.TREE_KILLS, 0, () -> io.progress(group, Runs.RECORDS), input).run();

            List<String> notes = new ArrayList<>();
            List<String> output = io.readCommitted(out, notes::add);
            Tally tally = new Tally();
            Map<String, long[]> expected = new HashMap<>();
            for (long i = 0; i < Runs.RECORDS; i++) {
                long windowStart = BASE_MILLIS + (i / WINDOW_MILLIS) * WINDOW_MILLIS;
                long[] acc = expected.computeIfAbsent((i % KEYS) + "|" + windowStart, key -> new long[2]);
                acc[0]++;
                acc[1] += value(i);
            }
            expected.forEach((key, acc) -> tally.expect(key + "|" + acc[0] + "|" + acc[1]));
            for (String value : output) {
                JsonNode row = Runs.json(value);
                long start = LocalDateTime.parse(row.get("wstart").asText().replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
                tally.actual(row.get("k").asLong() + "|" + start + "|" + row.get("cnt").asLong() + "|" + row.get("total").asLong());
            }
            Tally.Result result = tally.result();
            GuaranteeReport.record(name, seed, Runs.RECORDS, outcome, result,
                    Duration.ofNanos(System.nanoTime() - started),
                    expected.size() + " window results expected" + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)));
            Runs.assertExactlyOnce(name, seed, outcome, result, 0);
        }
    }
}
