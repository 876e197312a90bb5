package dev.weir.guarantees;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.it.containers.ContainerLogsOnFailure;
import dev.weir.it.containers.KafkaContainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Job 4: Kafka -> a Python scalar UDF (one worker process per subtask) -> Kafka with transactions.
 * Tree kills take the Python workers down with the engine; worker kills take only the workers down,
 * which the engine's fixed-delay restart strategy must recover from inside the same process.
 */
@ExtendWith(ContainerLogsOnFailure.class)
class KafkaPythonUdfKillIT {

    static final int WORKER_KILLS = 4;

    /** The UDF, in Python and in Java for the expected output. */
    static final String PYTHON_FUNCTION = """
            def tag(s):
                return s[::-1] + ':' + str(len(s))
            """;

    static String tag(String s) {
        return new StringBuilder(s).reverse() + ":" + s.length();
    }

    /** The function as the job spec carries it: cloudpickled by the machine's python3, base64. */
    static String payload() throws IOException, InterruptedException {
        String script = PYTHON_FUNCTION + "import base64, cloudpickle\nprint(base64.b64encode(cloudpickle.dumps(tag)).decode())\n";
        Process python = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as("pickling the UDF: %s", out).isZero();
        return out;
    }

    @Test
    void everyRecordExactlyOnceAfterEngineAndWorkerKills() throws Exception {
        String name = "kafka-python-udf";
        long started = System.nanoTime();
        long seed = GuaranteeReport.seedFor(name);
        KafkaContainer kafka = KafkaContainer.shared();
        try (KafkaIO io = new KafkaIO(kafka.bootstrapServers())) {
            String in = Runs.unique("udf-in");
            String out = Runs.unique("udf-out");
            String group = Runs.unique("udf-group");
            io.createTopic(in, 4);
            io.createTopic(out, 4);
            KafkaIO.StagedInput input = io.stagedInput(Runs.RECORDS, i -> KafkaTransformKillIT.input(in, i));
            Path work = Runs.workDir(name);

            ObjectNode job = JobSpecs.job(work.resolve("checkpoints"), 1);
            ObjectNode config = (ObjectNode) job.get("config");
            config.put("python.executable", "python3");
            config.put("python.worker.pythonpath", Path.of(System.getProperty("weir.guarantees.python-path",
                    "../../python-bindings/src")).toAbsolutePath().normalize().toString());
            ObjectNode function = job.putObject("functions").putObject("tag");
            function.put("language", "python").put("kind", "scalar").put("funcType", "general")
                    .put("payload", payload()).put("resultType", "STRING").put("deterministic", true);
            function.putArray("inputTypes").add("STRING");
            JobSpecs.table(job, "src", "kafka", new String[][] {{"id", "BIGINT"}, {"k", "INT"}, {"s", "STRING"}},
                    JobSpecs.kafkaSource(io.bootstrap(), in, group, input.endOffsets()));
            JobSpecs.table(job, "dst", "kafka", new String[][] {{"id", "BIGINT"}, {"t", "STRING"}},
                    JobSpecs.kafkaExactlyOnceSink(io.bootstrap(), out, Runs.unique("weir-guarantees-udf")));
            JobSpecs.pipeline(job, "dst", JobSpecs.select(JobSpecs.scan("src"), "id", "tag(s) AS t"));
            Path jobFile = JobSpecs.write(job, work.resolve("job.json"));

            KillLoop.Outcome outcome = new KillLoop(name, jobFile, work.resolve("checkpoints"), work, seed,
                    Runs.TREE_KILLS, WORKER_KILLS, () -> io.progress(group, Runs.RECORDS), input).run();

            List<String> notes = new ArrayList<>();
            List<String> output = io.readCommitted(out, notes::add);
            Tally tally = new Tally();
            for (long i = 0; i < Runs.RECORDS; i++) {
                tally.expect(i + "|" + tag(Runs.word(i)));
            }
            for (String value : output) {
                JsonNode row = Runs.json(value);
                tally.actual(row.get("id").asLong() + "|" + row.get("t").asText());
            }
            Tally.Result result = tally.result();
            GuaranteeReport.record(name, seed, Runs.RECORDS, outcome, result,
                    Duration.ofNanos(System.nanoTime() - started), String.join("; ", notes));
            Runs.assertExactlyOnce(name, seed, outcome, result, WORKER_KILLS);
        }
    }
}
