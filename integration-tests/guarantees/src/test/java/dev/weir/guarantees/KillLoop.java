package dev.weir.guarantees;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs a job in engine processes and kills them at seeded random points until one finishes.
 *
 * <p>The plan is drawn from the seed before anything runs: {@code treeKills} SIGKILLs of the engine's
 * whole process tree, about a quarter of them at a random time after a process started (often before its
 * first checkpoint, or while it re-commits the restored one), the rest once the job's progress (what
 * completed checkpoints cover, as the system under test reports it: committed consumer offsets, an
 * acknowledged backlog) passed a random fraction of the input, plus a random delay of up to 400 ms so the
 * kill lands anywhere between two checkpoints. {@code workerKills} kill only the Python worker processes,
 * which the engine's own restart strategy must recover from. After each tree kill the job is started
 * again, from the newest complete checkpoint when there is one.
 *
 * <p>However fast the job runs, it cannot finish before the plan's last kill: the input is released
 * through an {@link InputGate} in stages, each reaching a little past the next kill's progress, and
 * the last {@value #HELD_BACK} of it only after the last kill.
 */
final class KillLoop {

    private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");
    private static final Duration STALL_TIMEOUT = Duration.ofMinutes(3);
    private static final long POLL_MILLIS = 40;
    private static final String RESTORING = "Restoring from checkpoint";

    /** Beyond every kill's progress fraction (at most 0.92): released only once the plan is done. */
    static final double HELD_BACK = 0.05;

    /** Makes the job's input available up to a fraction of it; the job waits for the rest. */
    interface InputGate {
        InputGate ALL_AT_ONCE = fraction -> { };

        void release(double fraction);
    }

    enum Kind { TREE_AFTER_START, TREE_AT_PROGRESS, WORKER_AT_PROGRESS }

    record Kill(Kind kind, double fraction, long delayMillis) {
        @Override
        public String toString() {
            return switch (kind) {
                case TREE_AFTER_START -> "kill -9 tree " + delayMillis + " ms after start";
                case TREE_AT_PROGRESS -> String.format("kill -9 tree at progress %.3f + %d ms", fraction, delayMillis);
                case WORKER_AT_PROGRESS -> String.format("kill -9 python worker at progress %.3f + %d ms", fraction, delayMillis);
            };
        }
    }

    record Outcome(int treeKills, int workerKills, int launches, List<String> events, Duration runtime, long lastTreeKillNanos) {

        /** Time since the last SIGKILL of the engine (System.nanoTime based). */
        Duration sinceLastTreeKill() {
            return Duration.ofNanos(System.nanoTime() - lastTreeKillNanos);
        }
    }

    private final String name;
    private final Path jobFile;
    private final Path checkpointDir;
    private final Path workDir;
    private final Path log;
    private final DoubleSupplier progress;
    private final InputGate input;
    private final List<Kill> plan;
    private final List<String> events = new ArrayList<>();

    KillLoop(String name, Path jobFile, Path checkpointDir, Path workDir, long seed, int treeKills, int workerKills,
             DoubleSupplier progress, InputGate input) {
        this.name = name;
        this.jobFile = jobFile;
        this.checkpointDir = checkpointDir;
        this.workDir = workDir;
        this.log = workDir.resolve("engine.log");
        this.progress = progress;
        this.input = input;
        this.plan = plan(new Random(seed), treeKills, workerKills);
        say("seed " + seed + ", plan: " + plan.size() + " kills; engine log " + log);
    }

    static List<Kill> plan(Random random, int treeKills, int workerKills) {
        List<Kill> atProgress = new ArrayList<>();
        List<Kill> afterStart = new ArrayList<>();
        for (int i = 0; i < treeKills; i++) {
            if (random.nextInt(4) == 0) {
                afterStart.add(new Kill(Kind.TREE_AFTER_START, 0, 200 + random.nextInt(2800)));
            } else {
                atProgress.add(new Kill(Kind.TREE_AT_PROGRESS, 0.02 + 0.9 * random.nextDouble(), random.nextInt(400)));
            }
        }
        for (int i = 0; i < workerKills; i++) {
            atProgress.add(new Kill(Kind.WORKER_AT_PROGRESS, 0.02 + 0.9 * random.nextDouble(), random.nextInt(400)));
        }
        atProgress.sort(Comparator.comparingDouble(Kill::fraction));
        List<Kill> plan = new ArrayList<>(atProgress);
        for (Kill kill : afterStart) {
            plan.add(random.nextInt(plan.size() + 1), kill);
        }
        return plan;
    }

    Outcome run() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(checkpointDir);
        int treeKills = 0;
        int workerKills = 0;
        int launches = 0;
        long lastTreeKill = started;
        input.release(releaseBefore(0));
        EngineProcess engine = launch(++launches);
        long launchedAt = System.nanoTime();
        for (int k = 0; k < plan.size(); k++) {
            Kill kill = plan.get(k);
            input.release(releaseBefore(k)); // a no-op unless a worker kill came before: tree kills release before relaunching
            long since = launchedAt;
            boolean due = waitUntil(engine, kill.kind() == Kind.TREE_AFTER_START
                    ? () -> millisSince(since) >= kill.delayMillis()
                    : () -> progress.getAsDouble() >= kill.fraction());
            if (!due) {
                break; // the job ended before this kill: checked below
            }
            if (kill.kind() != Kind.TREE_AFTER_START) {
                Thread.sleep(kill.delayMillis());
            }
            if (!engine.isAlive()) {
                break;
            }
            if (kill.kind() == Kind.WORKER_AT_PROGRESS) {
                List<ProcessHandle> workers = awaitPythonWorkers(engine);
                if (workers.isEmpty()) {
                    break;
                }
                long restoresBefore = engine.logCount(RESTORING);
                workers.forEach(ProcessHandle::destroyForcibly);
                List<Long> killed = workers.stream().map(ProcessHandle::pid).toList();
                say(String.format("%s: killed %d python worker(s) %s of engine %d (progress %.3f)", kill, workers.size(),
                        killed, engine.pid(), progress.getAsDouble()));
                Optional<String> recovery = awaitRecovery(engine, killed, restoresBefore);
                // counted only when the engine was seen to recover from it by restarting the job in-process
                recovery.ifPresent(r -> events.add(kill + " -> " + workers.size() + " worker(s); " + r));
                workerKills += recovery.isPresent() ? 1 : 0;
                say("  " + recovery.orElse("NOT counted: no in-process restart seen (" + (engine.isAlive()
                        ? "the engine still runs" : "the engine process ended") + ")"));
                continue;
            }
            int descendants = engine.killTree();
            lastTreeKill = System.nanoTime();
            treeKills++;
            String at = String.format("%s: killed engine %d and %d descendant(s) after %d ms (progress %.3f, newest checkpoint %s)",
                    kill, engine.pid(), descendants, millisSince(launchedAt), progress.getAsDouble(),
                    newestCheckpoint().map(p -> p.getFileName().toString()).orElse("none"));
            say("kill #" + treeKills + " " + at);
            events.add(at);
            if (k + 1 < plan.size()) {
                input.release(releaseBefore(k + 1));
            }
            engine = launch(++launches);
            launchedAt = System.nanoTime();
        }
        input.release(1.0);
        Optional<Integer> exit = engine.waitFor(STALL_TIMEOUT.multipliedBy(2));
        if (exit.isEmpty()) {
            engine.killTree();
            throw new AssertionError(name + ": the job did not finish within " + STALL_TIMEOUT.multipliedBy(2)
                    + " after the last kill; engine log tail:\n" + engine.logTail(60));
        }
        if (exit.get() != 0) {
            throw new AssertionError(name + ": the engine exited with " + exit.get() + "; engine log tail:\n" + engine.logTail(80));
        }
        Duration runtime = Duration.ofNanos(System.nanoTime() - started);
        say("finished after " + treeKills + " tree kills, " + workerKills + " worker kills, " + launches + " launches, " + runtime.toMillis() + " ms");
        return new Outcome(treeKills, workerKills, launches, List.copyOf(events), runtime, lastTreeKill);
    }

    /**
     * How much input kill k needs: a little past its own progress and up to the next progress kill's, so
     * the job is busy when the kill lands; never the held-back end.
     */
    private double releaseBefore(int k) {
        double needed = plan.get(k).kind() == Kind.TREE_AFTER_START ? 0 : plan.get(k).fraction() + 0.02;
        for (int next = k + 1; next < plan.size(); next++) {
            if (plan.get(next).kind() != Kind.TREE_AFTER_START) {
                needed = Math.max(needed, plan.get(next).fraction());
                break;
            }
        }
        return Math.min(Math.max(needed, 0.02), 1 - HELD_BACK);
    }

    private EngineProcess launch(int launch) {
        Optional<Path> newest = newestCheckpoint();
        say("launch " + launch + (newest.map(p -> " from " + p.getFileName()).orElse(" from the start (no checkpoint yet)")));
        return EngineProcess.start(jobFile, newest.map(p -> checkpointDir), workDir, log);
    }

    /** The newest complete checkpoint (in-progress ones are written under another name and renamed). */
    Optional<Path> newestCheckpoint() {
        try (Stream<Path> dirs = Files.list(checkpointDir)) {
            return dirs.filter(p -> CHECKPOINT.matcher(p.getFileName().toString()).matches())
                    .max(Comparator.comparingLong(p -> {
                        Matcher m = CHECKPOINT.matcher(p.getFileName().toString());
                        m.matches();
                        return Long.parseLong(m.group(1));
                    }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UncheckedIOException e) {
            return Optional.empty(); // a checkpoint renamed or pruned while listing: the caller asks again
        }
    }

    /** Polls until the condition holds (true) or the engine ended (false); fails when nothing happens for too long. */
    private boolean waitUntil(EngineProcess engine, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + STALL_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!engine.isAlive()) {
                return false;
            }
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(POLL_MILLIS);
        }
        engine.killTree();
        throw new AssertionError(name + ": no progress for " + STALL_TIMEOUT + " (progress " + progress.getAsDouble()
                + "); engine log tail:\n" + engine.logTail(60));
    }

    /**
     * After a worker kill: waits until the engine restarted the job inside its process (a new attempt
     * starts a new worker; the restart strategy logs the checkpoint it restores from when this process
     * completed one), and says what it saw; empty when it did not see one.
     */
    private Optional<String> awaitRecovery(EngineProcess engine, List<Long> killed, long restoresBefore) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(60).toNanos();
        while (engine.isAlive() && System.nanoTime() < deadline) {
            List<Long> workers = engine.pythonWorkers().stream().map(ProcessHandle::pid).filter(p -> !killed.contains(p)).toList();
            long restores = engine.logCount(RESTORING);
            // A new worker means a new attempt opened the operator again. The engine logs the restore only
            // when this process completed a checkpoint (else it restarts from what it was started with, silently).
            if (!workers.isEmpty()) {
                return Optional.of("the engine restarted the job in-process (" + (restores - restoresBefore)
                        + " restore(s) logged) with new worker(s) " + workers + " after " + millisSince(start) + " ms");
            }
            Thread.sleep(POLL_MILLIS);
        }
        return Optional.empty();
    }

    private List<ProcessHandle> awaitPythonWorkers(EngineProcess engine) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (engine.isAlive() && System.nanoTime() < deadline) {
            List<ProcessHandle> workers = engine.pythonWorkers();
            if (!workers.isEmpty()) {
                return workers;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return List.of();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private void say(String message) {
        System.out.println("[" + name + "] " + message);
        System.out.flush();
    }
}
