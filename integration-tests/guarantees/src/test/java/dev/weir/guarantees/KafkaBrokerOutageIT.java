package dev.weir.guarantees;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.it.containers.ContainerLogsOnFailure;
import dev.weir.it.containers.KafkaContainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Kafka broker outage in the middle of a Kafka -> Kafka exactly-once job: the broker's container is
 * paused (docker pause: every connection hangs, nothing is refused) for 30 s at a seeded random point
 * of the job's progress, then unpaused. The job rides it out or fails and is restarted by its
 * fixed-delay restart strategy (many attempts, 2 s apart), and must still end with every record
 * exactly once.
 */
@ExtendWith(ContainerLogsOnFailure.class)
class KafkaBrokerOutageIT {

    static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    void exactlyOnceThroughABrokerOutage() throws Exception {
        String name = "kafka-broker-outage";
        long started = System.nanoTime();
        long seed = GuaranteeReport.seedFor(name);
        double pauseAt = 0.15 + 0.5 * new Random(seed).nextDouble();
        KafkaContainer kafka = KafkaContainer.shared();
        try (KafkaIO io = new KafkaIO(kafka.bootstrapServers())) {
            String in = Runs.unique("outage-in");
            String out = Runs.unique("outage-out");
            String group = Runs.unique("outage-group");
            io.createTopic(in, 4);
            io.createTopic(out, 4);
            KafkaIO.StagedInput input = io.stagedInput(Runs.RECORDS, i -> KafkaTransformKillIT.input(in, i));
            input.release(1.0);
            Path work = Runs.workDir(name);
            Path jobFile = KafkaTransformKillIT.jobFile(work, io.bootstrap(), in, input.endOffsets(), out, group, 1);
            ObjectNode job = (ObjectNode) JobSpecs.JSON.readTree(Files.readString(jobFile));
            ((ObjectNode) job.get("config")).put("restart-strategy.fixed-delay.attempts", "100")
                    .put("restart-strategy.fixed-delay.delay", "2 s");
            JobSpecs.write(job, jobFile);
            System.out.printf("[%s] seed %d: pausing the broker for %d s once progress passes %.3f%n", name, seed,
                    OUTAGE.toSeconds(), pauseAt);

            long jobStarted = System.nanoTime();
            EngineProcess engine = EngineProcess.start(jobFile, Optional.empty(), work, work.resolve("engine.log"));
            String outage;
            try {
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (engine.isAlive() && io.progress(group, Runs.RECORDS) < pauseAt && System.nanoTime() < deadline) {
                    Thread.sleep(40);
                }
                assertThat(engine.isAlive()).as("the job still runs when the outage is due").isTrue();
                double at = io.progress(group, Runs.RECORDS);
                kafka.getDockerClient().pauseContainerCmd(kafka.getContainerId()).exec();
                try {
                    Thread.sleep(OUTAGE.toMillis());
                } finally {
                    kafka.getDockerClient().unpauseContainerCmd(kafka.getContainerId()).exec();
                }
                outage = String.format("broker paused %d s at progress %.3f (engine alive after it: %s)", OUTAGE.toSeconds(), at, engine.isAlive());
                System.out.println("[" + name + "] " + outage);
                Optional<Integer> exit = engine.waitFor(Duration.ofMinutes(5));
                assertThat(exit).as("the job ended after the outage; log tail:\n%s", engine.logTail(60)).isPresent();
                assertThat(exit.get()).as("exit code; log tail:\n%s", engine.logTail(80)).isZero();
            } finally {
                if (engine.isAlive()) {
                    engine.killTree();
                }
            }
            long restarts = engine.logCount("Restoring from checkpoint");
            outage += "; in-process restarts by the restart strategy: " + restarts;
            Duration jobRuntime = Duration.ofNanos(System.nanoTime() - jobStarted);

            List<String> notes = new ArrayList<>(List.of(outage));
            List<String> output = io.readCommitted(out, notes::add);
            Tally tally = new Tally();
            KafkaTransformKillIT.expected(tally, Runs.RECORDS);
            output.forEach(v -> tally.actual(KafkaTransformKillIT.canonical(v)));
            Tally.Result result = tally.result();
            KillLoop.Outcome outcome = new KillLoop.Outcome(0, 0, 1, List.of(outage), jobRuntime, jobStarted);
            GuaranteeReport.record(name, seed, Runs.RECORDS, outcome, result, Duration.ofNanos(System.nanoTime() - started),
                    String.join("; ", notes));
            System.out.println("[" + name + "] seed " + seed + ": " + result);
            assertThat(result.lost()).as("%s (seed %d): lost records; %s", name, seed, result).isZero();
            assertThat(result.duplicated()).as("%s (seed %d): duplicated records; %s", name, seed, result).isZero();
            assertThat(result.unexpected()).as("%s (seed %d): unexpected records; %s", name, seed, result).isZero();
            assertThat(result.actual()).isEqualTo(result.expected());
        }
    }
}
