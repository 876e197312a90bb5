package dev.weir.python.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.api.ValidationException;
import dev.weir.api.config.SensitiveKeys;
import dev.weir.api.config.SensitiveUrls;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.factory.Factory;
import dev.weir.api.factory.FactoryDiscovery;
import dev.weir.api.factory.SinkFactory;
import dev.weir.api.factory.SourceFactory;
import dev.weir.api.factory.TableContext;
import dev.weir.api.factory.TableFactories;
import dev.weir.api.factory.WeirArtifacts;
import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataType;
import dev.weir.engine.expr.ExpressionCompiler;
import dev.weir.engine.plan.PhysicalPlan;
import dev.weir.engine.plan.Planner;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.runtime.SourceCounts;
import dev.weir.engine.spec.DescriptorJson;
import dev.weir.engine.spec.JobSpec;
import dev.weir.engine.spec.JobSpecJson;
import dev.weir.engine.spec.SinkSpec;
import dev.weir.resolver.ArtifactResolver;
import dev.weir.resolver.ResolverSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Carries out the protocol's requests (see python-bindings/README.md, "The gateway protocol").
 * Every method either returns its result or throws; {@link GatewayMain} turns throws into error
 * responses.
 */
final class Gateway {
    static final int PROTOCOL_VERSION = 1;
    private static final Logger LOG = Logger.getLogger(Gateway.class.getName());

    private final PrintStream jobOutput;
    private final Map<String, RunningJob> jobs = new ConcurrentHashMap<>();
    private final Map<List<String>, ClassLoader> classLoaders = new ConcurrentHashMap<>();
    private final AtomicInteger jobCounter = new AtomicInteger();
    // Maven Resolver's jars are in resolver/ next to the gateway jar (the gateway's build copies them).
    private final ArtifactResolver artifactResolver = ArtifactResolver.nextTo(Gateway.class);

    /** @param jobOutput where jobs print (the print sink): Python's stdout, through events */
    Gateway(PrintStream jobOutput) {
        this.jobOutput = jobOutput;
    }

    JsonNode handle(String method, JsonNode params) throws Exception {
        return switch (method) {
            case "hello" -> hello(params);
            case "catalog" -> catalog(params);
            case "sensitiveKeys" -> sensitiveKeys();
            case "weirArtifacts" -> weirArtifacts();
            case "resolveArtifacts" -> resolveArtifacts(params);
            case "validateDescriptor" -> validateDescriptor(params);
            case "explainJob" -> explainJob(params);
            case "describeQuery" -> describeQuery(params);
            case "submitJob" -> submitJob(params);
            case "fetch" -> job(params).fetch(params.path("maxRows").asInt(1024),
                    params.path("timeoutMillis").asLong(1000));
            case "awaitJob" -> awaitJob(params);
            case "jobStatus" -> status(job(params));
            case "cancelJob" -> cancelJob(params);
            case "shutdown" -> {
                cancelAll();
                yield ProtocolWriter.MAPPER.createObjectNode();
            }
            default -> throw new ValidationException("Unknown gateway method '" + method + "'.");
        };
    }

    private JsonNode hello(JsonNode params) {
        int wanted = params.path("protocol").asInt(PROTOCOL_VERSION);
        if (wanted != PROTOCOL_VERSION) {
            throw new ValidationException("The Python package speaks gateway protocol " + wanted
                    + " but these engine jars speak " + PROTOCOL_VERSION + ": rebuild the gateway jars or update the package.");
        }
        return ProtocolWriter.MAPPER.createObjectNode().put("protocol", PROTOCOL_VERSION)
                .put("weirVersion", WeirArtifacts.version())
                .put("javaVersion", System.getProperty("java.version"));
    }

    /** Exactly what {@code bin/weir catalog} writes, for the same class path and jars. */
    private JsonNode catalog(JsonNode params) throws IOException {
        List<String> args = new ArrayList<>();
        for (String jar : jars(params)) {
            args.add("--jar");
            args.add(jar);
        }
        args.add("catalog");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = dev.weir.cli.Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new ValidationException(err.toString(StandardCharsets.UTF_8).trim());
        }
        return ProtocolWriter.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
    }

    /** How keys are recognised as secrets ({@link SensitiveKeys}), so Python masks exactly what Java masks. */
    private static JsonNode sensitiveKeys() {
        ObjectNode result = ProtocolWriter.MAPPER.createObjectNode().put("mask", SensitiveKeys.MASK)
                .put("urlUserInfo", SensitiveUrls.userInfoPattern());
        SensitiveKeys.words().forEach(result.putArray("words")::add);
        return result;
    }

    /**
     * Checks a table descriptor as {@code bin/weir validate} does: the connector's source and/or
     * sink factory validates every option (format options included). Throws with every problem.
     */
    /** Result: {@code artifacts}, every Weir connector and format identifier with its coordinate. */
    private static JsonNode weirArtifacts() {
        ObjectNode result = ProtocolWriter.MAPPER.createObjectNode();
        ObjectNode artifacts = result.putObject("artifacts");
        ArtifactResolver.weirArtifacts().forEach(artifacts::put);
        return result;
    }

    /**
     * Behind Python's {@code env.add_connector}. Params: {@code artifacts} (identifiers or coordinates),
     * {@code cacheDirectory}, optional {@code localRepository} (default ~/.m2/repository),
     * {@code repositories} (default Maven Central), {@code offline}. Result: {@code coordinates} (what
     * each name stood for) and {@code jars}, without those the gateway already has.
     */
    private JsonNode resolveArtifacts(JsonNode params) {
        List<String> names = new ArrayList<>();
        params.path("artifacts").forEach(name -> names.add(name.asText()));
        if (names.isEmpty()) {
            throw new ValidationException("resolveArtifacts: no artifacts given.");
        }
        if (!params.hasNonNull("cacheDirectory")) {
            throw new ValidationException("resolveArtifacts: no cacheDirectory given.");
        }
        List<String> repositories = new ArrayList<>();
        params.path("repositories").forEach(url -> repositories.add(url.asText()));
        ArtifactResolver.Resolution resolution = artifactResolver.resolve(names, new ResolverSettings(
                Path.of(params.get("cacheDirectory").asText()),
                params.hasNonNull("localRepository") ? Path.of(params.get("localRepository").asText())
                        : ResolverSettings.userLocalRepository(),
                repositories, params.path("offline").asBoolean(false)));
        ObjectNode result = ProtocolWriter.MAPPER.createObjectNode();
        ArrayNode coordinates = result.putArray("coordinates");
        resolution.coordinates().forEach(coordinates::add);
        ArrayNode jars = result.putArray("jars");
        resolution.jars().forEach(jar -> jars.add(jar.toString()));
        return result;
    }

    private JsonNode validateDescriptor(JsonNode params) {
        ClassLoader loader = classLoader(jars(params));
        String name = params.path("name").asText("table");
        TableDescriptor descriptor = DescriptorJson.fromJson(params.get("descriptor"), "$");
        FactoryDiscovery discovery = FactoryDiscovery.load(loader);
        Factory factory = discovery.findConnector(descriptor.connector(), name);
        TableContext context = new TableContext(name, descriptor.schema().orElse(Schema.newBuilder().build()),
                descriptor.configuration(), descriptor.partitionKeys(), loader, params.path("streaming").asBoolean(true));
        Set<String> problems = new LinkedHashSet<>();
        ArrayNode roles = ProtocolWriter.MAPPER.createArrayNode();
        withContextClassLoader(loader, () -> {
            if (factory instanceof SourceFactory) {
                roles.add("source");
                collectProblems(problems, () -> TableFactories.createSource(discovery, context));
            }
            if (factory instanceof SinkFactory) {
                roles.add("sink");
                collectProblems(problems, () -> TableFactories.createSink(discovery, context));
            }
        });
        if (!problems.isEmpty()) {
            throw new ValidationException(List.copyOf(problems));
        }
        ObjectNode result = ProtocolWriter.MAPPER.createObjectNode();
        result.set("roles", roles);
        return result;
    }

    private static void collectProblems(Set<String> problems, Runnable check) {
        try {
            check.run();
        } catch (ValidationException e) {
            problems.addAll(e.problems());
        }
    }

    private JsonNode explainJob(JsonNode params) {
        ClassLoader loader = classLoader(jars(params));
        JobSpec spec = JobSpecJson.fromJson(params.get("job"));
        PhysicalPlan plan = withContextClassLoader(loader, () -> planner(loader).plan(spec));
        return ProtocolWriter.MAPPER.createObjectNode().put("plan", plan.explain());
    }

    /** The columns (name, type) of the first pipeline's query, for Table.alias and print_schema. */
    private JsonNode describeQuery(JsonNode params) {
        ClassLoader loader = classLoader(jars(params));
        JobSpec spec = JobSpecJson.fromJson(params.get("job"));
        Planner planner = planner(loader);
        ObjectNode result = ProtocolWriter.MAPPER.createObjectNode();
        ArrayNode columns = result.putArray("columns");
        withContextClassLoader(loader, () -> addColumns(columns, planner, spec, spec.pipelines().get(0)));
        return result;
    }

    private static void addColumns(ArrayNode columns, Planner planner, JobSpec spec, JobSpec.Pipeline pipeline) {
        DataType rowType = planner.resolveType(spec.tables(), spec.config(), spec.functions(), pipeline.query());
        for (int i = 0; i < rowType.fieldCount(); i++) {
            columns.addObject().put("name", rowType.fieldNames().get(i)).put("type", rowType.fieldType(i).toString());
        }
    }

    /**
     * Plans the job (every check happens here, before anything runs), starts it and answers with
     * its id and, when it collects, the columns of the collected rows.
     */
    private JsonNode submitJob(JsonNode params) {
        ClassLoader loader = classLoader(jars(params));
        JobSpec spec = JobSpecJson.fromJson(params.get("job"));
        Planner planner = planner(loader);
        ObjectNode result = ProtocolWriter.MAPPER.createObjectNode();
        ArrayNode columns = result.putArray("columns");
        JobExecution execution = withContextClassLoader(loader, () -> {
            PhysicalPlan plan = planner.plan(spec);
            for (JobSpec.Pipeline pipeline : spec.pipelines()) {
                if (pipeline.sink() instanceof SinkSpec.Collect) {
                    addColumns(columns, planner, spec, pipeline);
                }
            }
            return JobExecution.start(plan);
        });
        String id = "job-" + jobCounter.incrementAndGet();
        jobs.put(id, new RunningJob(execution, execution.plan().collectQueue()));
        LOG.info(() -> id + " started: " + spec.pipelines().size() + " pipeline(s) into "
                + spec.pipelines().stream().map(p -> p.sink().label()).toList());
        execution.completion().whenComplete((status, error) -> LOG.log(
                status == JobExecution.Status.FAILED ? Level.WARNING : Level.INFO,
                id + " ended: " + status, execution.failure().orElse(error)));
        return result.put("jobId", id);
    }

    private JsonNode awaitJob(JsonNode params) throws Exception {
        RunningJob job = job(params);
        try {
            job.execution().completion().get(params.path("timeoutMillis").asLong(1000), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return status(job);
        }
        if (job.execution().status() == JobExecution.Status.FAILED) {
            job.execution().await();
        }
        return status(job);
    }

    private JsonNode cancelJob(JsonNode params) {
        RunningJob job = job(params);
        // Cancelling an ended job is a no-op for the caller (closing a drained collect iterator).
        if (job.execution().status() == JobExecution.Status.RUNNING) {
            try {
                job.execution().cancel();
            } catch (RuntimeException e) {
                // The job may end while it is being cancelled; only a job still running is an error.
                try {
                    job.execution().completion().get(5, TimeUnit.SECONDS);
                } catch (Exception stillRunning) {
                    throw e;
                }
            }
        }
        return status(job);
    }

    /** The job's status with each source's counts so far (final once it ended). */
    private static ObjectNode status(RunningJob job) {
        ObjectNode status = ProtocolWriter.MAPPER.createObjectNode().put("status", job.status());
        var counts = status.putArray("sourceCounts");
        for (SourceCounts c : job.execution().sourceCounts()) {
            counts.addObject().put("source", c.source()).put("read", c.read()).put("emitted", c.emitted())
                    .put("skipped", c.skipped()).put("deadLettered", c.deadLettered());
        }
        return status;
    }

    void cancelAll() {
        jobs.values().stream().filter(job -> job.execution().status() == JobExecution.Status.RUNNING)
                .forEach(job -> job.execution().cancel());
    }

    private RunningJob job(JsonNode params) {
        String id = params.path("jobId").asText();
        RunningJob job = jobs.get(id);
        if (job == null) {
            throw new ValidationException("No job '" + id + "' in this gateway.");
        }
        return job;
    }

    private Planner planner(ClassLoader loader) {
        return new Planner(ExpressionCompiler.create(), FactoryDiscovery.load(loader), loader, jobOutput);
    }

    private static List<String> jars(JsonNode params) {
        List<String> jars = new ArrayList<>();
        params.path("jars").forEach(jar -> jars.add(jar.asText()));
        return jars;
    }

    /** The gateway's own class loader, or one that adds the given jars (cached per jar list). */
    private ClassLoader classLoader(List<String> jars) {
        if (jars.isEmpty()) {
            return Gateway.class.getClassLoader();
        }
        return classLoaders.computeIfAbsent(List.copyOf(jars), list -> {
            List<URL> urls = new ArrayList<>();
            for (String jar : list) {
                Path path = Path.of(jar);
                if (!Files.isRegularFile(path)) {
                    throw new ValidationException("pipeline.jars: no such file '" + jar + "'.");
                }
                try {
                    urls.add(path.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new ValidationException("pipeline.jars: '" + jar + "' is not a valid path: " + e.getMessage());
                }
            }
            return new URLClassLoader(urls.toArray(URL[]::new), Gateway.class.getClassLoader());
        });
    }

    private interface Action<T> {
        T run();
    }

    /** Factories and connectors may load classes through the context class loader. */
    private static <T> T withContextClassLoader(ClassLoader loader, Action<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static void withContextClassLoader(ClassLoader loader, Runnable action) {
        withContextClassLoader(loader, () -> {
            action.run();
            return null;
        });
    }
}
