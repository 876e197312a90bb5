package dev.weir.engine;

import dev.weir.api.ValidationException;
import dev.weir.api.config.SensitiveUrls;
import dev.weir.api.data.Row;
import dev.weir.api.factory.FactoryDiscovery;
import dev.weir.engine.control.ControlServer;
import dev.weir.engine.control.JobRegistry;
import dev.weir.engine.expr.ExpressionCompiler;
import dev.weir.engine.plan.JobConfig;
import dev.weir.engine.plan.PhysicalPlan;
import dev.weir.engine.plan.Planner;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.runtime.ProgressReporter;
import dev.weir.engine.spec.JobSpec;
import dev.weir.engine.spec.JobSpecJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs and explains JSON job specs; {@code bin/weir run|explain} delegates here.
 * <pre>
 * run [--from &lt;checkpoint-dir&gt;] [--parallelism N] &lt;job.json&gt;
 * explain [--parallelism N] &lt;job.json&gt;
 * stop [--checkpoint] &lt;job-id | job.json&gt;
 * </pre>
 * Exit codes: 0 done (or stopped with a checkpoint), 1 the job failed (or could not be stopped), 2 the
 * command or job is invalid, 130 cancelled (SIGINT/SIGTERM). A running job registers itself in the
 * {@link JobRegistry} and listens on its {@link ControlServer} socket, which {@code stop} talks to.
 */
public final class Launcher {
    public static final int OK = 0;
    public static final int JOB_FAILED = 1;
    public static final int INVALID = 2;
    public static final int CANCELLED = 130;

    private static final String USAGE = """
            Usage:
              run [--from <checkpoint-dir>] [--parallelism N] <job.json>   run a job until it ends (Ctrl-C stops it)
              explain [--parallelism N] <job.json>                         print the plan: chains, operators, exchanges
              stop [--checkpoint] <job-id | job.json>                      stop a running job; with --checkpoint take a
                                                                           final checkpoint first and print its path
            """;

    private Launcher() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, ProgressReporter.terminalAttached());
    }

    /**
     * @param interactive whether {@code run} draws a progress line on {@code err} (kept off the rows
     *        printed to {@code out}) and ends with a one-line summary
     */
    public static int run(String[] args, PrintStream out, PrintStream err, boolean interactive) {
        if (args.length > 0 && args[0].equals("stop")) {
            return stop(args, out, err);
        }
        if (args.length == 0 || !(args[0].equals("run") || args[0].equals("explain"))) {
            err.print(USAGE);
            return INVALID;
        }
        String command = args[0];
        Optional<Path> from = Optional.empty();
        Integer parallelism = null;
        Path jobFile = null;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if ((arg.equals("--from") && command.equals("run")) || arg.equals("--parallelism")) {
                if (i + 1 >= args.length) {
                    err.println(arg + " needs a value.");
                    err.print(USAGE);
                    return INVALID;
                }
                String value = args[++i];
                if (arg.equals("--from")) {
                    from = Optional.of(Path.of(value));
                } else {
                    try {
                        parallelism = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        err.println("--parallelism expects a number, got '" + value + "'.");
                        return INVALID;
                    }
                }
            } else if (arg.startsWith("--") || jobFile != null) {
                err.println("Unexpected argument '" + arg + "'.");
                err.print(USAGE);
                return INVALID;
            } else {
                jobFile = Path.of(arg);
            }
        }
        if (jobFile == null) {
            err.println("No job file given.");
            err.print(USAGE);
            return INVALID;
        }
        ProgressReporter progress = new ProgressReporter(out, err, interactive);
        PhysicalPlan plan;
        try {
            JobSpecJson.requireSize(Files.size(jobFile), "bytes");
            JobSpec spec = JobSpecJson.parse(Files.readString(jobFile));
            if (parallelism != null) {
                Map<String, String> config = new LinkedHashMap<>(spec.config());
                config.put(JobConfig.PARALLELISM, String.valueOf(parallelism));
                spec = new JobSpec(spec.version(), config, spec.tables(), spec.functions(), spec.pipelines());
            }
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            plan = new Planner(ExpressionCompiler.create(),
                    FactoryDiscovery.load(cl), cl, progress.rows()).plan(spec);
        } catch (IOException e) {
            err.println("Cannot read " + jobFile + ": " + e.getMessage());
            return INVALID;
        } catch (ValidationException e) {
            err.println("Invalid job " + jobFile + ":");
            err.println(e.getMessage());
            return INVALID;
        }
        if (command.equals("explain")) {
            out.print(plan.explain());
            return OK;
        }
        if (from.isPresent() && !Files.exists(from.get())) {
            err.println("No checkpoint at " + from.get() + ".");
            return INVALID;
        }
        JobExecution job = JobExecution.start(plan, from);
        JobControl control = JobControl.register(jobFile, job, err);
        AtomicBoolean reported = new AtomicBoolean();
        // on SIGINT/SIGTERM the JVM halts once the hooks are done: say where to resume from before that
        Thread reportOnSignal = new Thread(() -> {
            job.cancel();
            job.completion().completeOnTimeout(JobExecution.Status.CANCELLED, 10, TimeUnit.SECONDS).join();
            reportCheckpoint(job, err, reported);
            control.close();
        }, "weir-launcher-shutdown");
        Runtime.getRuntime().addShutdownHook(reportOnSignal);
        try (progress) {
            progress.start(job);
            if (plan.collectQueue() != null) {
                printCollected(job, plan, progress.rows());
            }
            JobExecution.Status status = job.completion().join();
            progress.close();
            progress.printSummary(status);
            control.close();
            try {
                Runtime.getRuntime().removeShutdownHook(reportOnSignal);
            } catch (IllegalStateException e) {
                // shutting down: the hook reports
            }
            reportCheckpoint(job, err, reported);
            return switch (status) {
                case FINISHED, RUNNING -> OK;
                case STOPPED -> {
                    err.println("Stopped with checkpoint " + job.latestCheckpoint().orElseThrow() + ".");
                    yield OK;
                }
                case CANCELLED -> CANCELLED;
                case FAILED -> {
                    // every failure, a committer's or a connector's client's included, may quote a URL
                    err.println(job.failure().map(t -> SensitiveUrls.mask(t.getMessage())).orElse("Job failed."));
                    yield JOB_FAILED;
                }
            };
        }
    }

    /**
     * This process's registration and control socket. A job whose registration fails (an unwritable
     * home directory) still runs; it just cannot be stopped with {@code weir stop}.
     */
    private record JobControl(JobRegistry registry, JobRegistry.Entry entry, ControlServer server) {
        static JobControl register(Path jobFile, JobExecution job, PrintStream err) {
            JobRegistry registry = JobRegistry.fromEnvironment();
            JobRegistry.Entry entry = null;
            try {
                entry = registry.register(jobFile);
                ControlServer server = ControlServer.start(entry.socket(), job);
                err.println("Job " + entry.id() + " started ('weir stop --checkpoint " + entry.id() + "' stops it with a checkpoint).");
                err.flush();
                return new JobControl(registry, entry, server);
            } catch (UncheckedIOException e) {
                if (entry != null) {
                    registry.unregister(entry);
                }
                err.println("Warning: 'weir stop' cannot reach this job: " + e.getMessage());
                return new JobControl(registry, null, null);
            }
        }

        /** Answers a stop in progress, then unregisters. */
        void close() {
            if (server != null) {
                server.close();
                registry.unregister(entry);
            }
        }
    }

    /** {@code stop [--checkpoint] <job>}: asks the running job over its control socket. */
    private static int stop(String[] args, PrintStream out, PrintStream err) {
        boolean withCheckpoint = false;
        String job = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--checkpoint")) {
                withCheckpoint = true;
            } else if (args[i].startsWith("--") || job != null) {
                err.println("Unexpected argument '" + args[i] + "'.");
                err.print(USAGE);
                return INVALID;
            } else {
                job = args[i];
            }
        }
        if (job == null) {
            err.println("No job given: a job id (printed by 'weir run') or the job file it runs.");
            err.print(USAGE);
            return INVALID;
        }
        JobRegistry.Entry entry;
        try {
            entry = JobRegistry.fromEnvironment().find(job);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return INVALID;
        }
        String reply;
        try {
            reply = ControlServer.send(entry.socket(), withCheckpoint ? ControlServer.STOP_WITH_CHECKPOINT : ControlServer.CANCEL);
        } catch (IOException e) {
            err.println("Cannot reach job " + entry.id() + " (pid " + entry.pid() + ") at " + entry.socket() + ": " + e.getMessage());
            return JOB_FAILED;
        }
        if (reply.startsWith("checkpoint ")) {
            String checkpoint = reply.substring("checkpoint ".length());
            out.println(checkpoint);
            err.println("Job " + entry.id() + " stopped. Resume it with: weir run --from " + checkpoint + " " + entry.jobFile());
            return OK;
        } else if (reply.equals("cancelled")) {
            err.println("Job " + entry.id() + " cancelled.");
            return OK;
        }
        err.println("Job " + entry.id() + " was not stopped: " + reply.substring(reply.indexOf(' ') + 1));
        return JOB_FAILED;
    }

    private static void reportCheckpoint(JobExecution job, PrintStream err, AtomicBoolean reported) {
        if (job.latestCheckpoint().isPresent() && reported.compareAndSet(false, true)) {
            err.println("Latest checkpoint: " + job.latestCheckpoint().get());
            err.flush();
        }
    }

    /** A "collect" sink on the command line prints its rows. */
    private static void printCollected(JobExecution job, PhysicalPlan plan, PrintStream out) {
        try {
            while (true) {
                Row row = plan.collectQueue().poll(20, TimeUnit.MILLISECONDS);
                if (row != null) {
                    out.println(row);
                } else if (job.completion().isDone() && plan.collectQueue().isEmpty()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
