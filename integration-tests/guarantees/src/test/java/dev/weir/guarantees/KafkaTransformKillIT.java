package dev.weir.guarantees;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.it.containers.ContainerLogsOnFailure;
import dev.weir.it.containers.KafkaContainer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Job 1: Kafka -> filter and projection -> Kafka with transactions, killed at least ten times. */
@ExtendWith(ContainerLogsOnFailure.class)
class KafkaTransformKillIT {

    static final String FILTER = "id % 10 <> 7";

    static ProducerRecord<String, String> input(String topic, long i) {
        return new ProducerRecord<>(topic, (int) (i % 4), null,
                "{\"id\":" + i + ",\"k\":" + (i % 1000) + ",\"s\":\"" + Runs.word(i) + "\"}");
    }

    static void expected(Tally tally, long records) {
        for (long i = 0; i < records; i++) {
            if (i % 10 != 7) {
                tally.expect(i + "|" + ((i % 1000) * 3 + 1) + "|" + Runs.word(i).toUpperCase(java.util.Locale.ROOT));
            }
        }
    }

    static String canonical(String value) {
        JsonNode row = Runs.json(value);
        return row.get("id").asLong() + "|" + row.get("k3").asLong() + "|" + row.get("s2").asText();
    }

    /** The transform job from 'in' (up to its end offsets) to 'out' with the given parallelism, written to the work directory. */
    static Path jobFile(Path work, String bootstrap, String in, String endOffsets, String out, String group, int parallelism) throws Exception {
        ObjectNode job = JobSpecs.job(work.resolve("checkpoints"), parallelism);
        JobSpecs.table(job, "src", "kafka", new String[][] {{"id", "BIGINT"}, {"k", "INT"}, {"s", "STRING"}},
                JobSpecs.kafkaSource(bootstrap, in, group, endOffsets));
        JobSpecs.table(job, "dst", "kafka", new String[][] {{"id", "BIGINT"}, {"k3", "INT"}, {"s2", "STRING"}},
                JobSpecs.kafkaExactlyOnceSink(bootstrap, out, Runs.unique("weir-guarantees")));
        JobSpecs.pipeline(job, "dst", JobSpecs.select(JobSpecs.filter(JobSpecs.scan("src"), FILTER),
                "id", "k * 3 + 1 AS k3", "UPPER(s) AS s2"));
        return JobSpecs.write(job, work.resolve("job.json"));
    }

    @Test
    void everyRecordExactlyOnceAfterKills() throws Exception {
        String name = "kafka-transform";
        long started = System.nanoTime();
        long seed = GuaranteeReport.seedFor(name);
        KafkaContainer kafka = KafkaContainer.shared();
        try (KafkaIO io = new KafkaIO(kafka.bootstrapServers())) {
            String in = Runs.unique("transform-in");
            String out = Runs.unique("transform-out");
            String group = Runs.unique("transform-group");
            io.createTopic(in, 4);
            io.createTopic(out, 4);
            KafkaIO.StagedInput input = io.stagedInput(Runs.RECORDS, i -> input(in, i));
            Path work = Runs.workDir(name);
            Path jobFile = jobFile(work, io.bootstrap(), in, input.endOffsets(), out, group, 2);

            KillLoop.Outcome outcome = new KillLoop(name, jobFile, work.resolve("checkpoints"), work, seed,
                    Runs.TREE_KILLS, 0, () -> io.progress(group, Runs.RECORDS), input).run();

            List<String> notes = new ArrayList<>();
            List<String> output = io.readCommitted(out, notes::add);
            Tally tally = new Tally();
            expected(tally, Runs.RECORDS);
            output.forEach(v -> tally.actual(canonical(v)));
            Tally.Result result = tally.result();
            GuaranteeReport.record(name, seed, Runs.RECORDS, outcome, result,
                    Duration.ofNanos(System.nanoTime() - started), String.join("; ", notes));
            Runs.assertExactlyOnce(name, seed, outcome, result, 0);
        }
    }
}
