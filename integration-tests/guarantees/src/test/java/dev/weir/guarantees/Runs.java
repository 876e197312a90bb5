package dev.weir.guarantees;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** What every kill test shares: where it works, and the checks at the end. */
final class Runs {

    /** The input size every job is proven on. */
    static final long RECORDS = 1_000_000;
    /** SIGKILLs of the whole engine process tree per job: at least ten are required, one more is planned. */
    static final int TREE_KILLS = 11;
    static final int REQUIRED_TREE_KILLS = 10;

    private Runs() {
    }

    /** A fresh directory for one job's files (job spec, checkpoints, engine log) under target/guarantees. */
    static Path workDir(String job) {
        Path dir = Path.of(System.getProperty("weir.guarantees.work-dir", "target/guarantees"))
                .resolve(job + "-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A deterministic short string for record i. */
    static String word(long i) {
        return Long.toString((i * 0x9E3779B97F4A7C15L) >>> 38, 36);
    }

    static JsonNode json(String text) {
        try {
            return JobSpecs.JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + text, e);
        }
    }

    /** The assertions every job ends with; the report row is written before, so it exists when they fail. */
    static void assertExactlyOnce(String job, long seed, KillLoop.Outcome outcome, Tally.Result result, int requiredWorkerKills) {
        System.out.println("[" + job + "] seed " + seed + ": " + result);
        assertThat(outcome.treeKills()).as("%s (seed %d): SIGKILLs of the engine process tree", job, seed)
                .isGreaterThanOrEqualTo(REQUIRED_TREE_KILLS);
        assertThat(outcome.workerKills()).as("%s (seed %d): Python worker kills", job, seed)
                .isGreaterThanOrEqualTo(requiredWorkerKills);
        assertThat(result.lost()).as("%s (seed %d): lost records; %s", job, seed, result).isZero();
        assertThat(result.duplicated()).as("%s (seed %d): duplicated records; %s", job, seed, result).isZero();
        assertThat(result.unexpected()).as("%s (seed %d): unexpected records; %s", job, seed, result).isZero();
        assertThat(result.actual()).as("%s (seed %d): records read back", job, seed).isEqualTo(result.expected());
    }
}
