package dev.weir.it.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.weir.it.containers.ContainerLogsOnFailure.ContainerLogs;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** A failing test's report carries the logs of the containers it ran against. */
class ContainerLogsOnFailureIT {

    @Test
    void failingTestGetsTheLogFileAndItsLastLinesAttached() throws Exception {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(FailsWhileKafkaRuns.class))
                .execute()
                .testEvents();

        tests.assertStatistics(statistics -> statistics.failed(1));
        Throwable failure = tests.failed().stream().findFirst().orElseThrow()
                .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        assertThat(failure).hasMessage("deliberate failure");
        assertThat(failure.getSuppressed()).singleElement().isInstanceOfSatisfying(ContainerLogs.class, logs -> {
            assertThat(logs.getMessage()).contains(KafkaContainer.shared().getContainerId(), logs.file().toString());
            assertThat(logs.file()).exists().hasFileName("fails-kafka.log");
        });
        ContainerLogs logs = (ContainerLogs) failure.getSuppressed()[0];
        assertThat(Files.readString(logs.file())).contains("Kafka Server started");
    }

    /** Run only through the test kit above: failsafe does not pick up nested classes. */
    @ExtendWith(ContainerLogsOnFailure.class)
    static class FailsWhileKafkaRuns {

        @Test
        void fails() {
            KafkaContainer.shared();
            fail("deliberate failure");
        }
    }
}
