package dev.weir.cli;

import dev.weir.api.ValidationException;
import dev.weir.api.config.ConfigOption;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.factory.Factory;
import dev.weir.api.factory.FactoryDiscovery;
import dev.weir.api.factory.FactoryKind;
import dev.weir.api.factory.SinkFactory;
import dev.weir.api.factory.SourceFactory;
import dev.weir.api.factory.Suggestions;
import dev.weir.api.factory.TableContext;
import dev.weir.api.factory.TableFactories;
import dev.weir.api.factory.WeirArtifacts;
import dev.weir.api.schema.Schema;
import dev.weir.engine.spec.DescriptorJson;
import dev.weir.resolver.ArtifactResolver;
import dev.weir.resolver.ResolverSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code bin/weir}: the command line. Exit codes, the same for every command: 0 success; 1 a job failed
 * while running; 2 an invalid command line, descriptor or job (nothing ran); 130 a job was cancelled.
 */
public final class Main {
    private static final String USAGE = """
            Usage: weir [--jar <path>]... [--connector <name>]... <command> [arguments]

            Commands:
              connectors                 List discovered sources, sinks and formats, with the jar each comes from.
              describe <identifier>      Show a connector's or format's options: type, default, description.
              validate <descriptor.json> Check a table descriptor; print every problem; exit 2 when invalid.
              catalog [--output <file>]  Write the factory catalog as JSON (source of the Python bindings).
              reference [--output <file>]
                                         Write the option reference of every factory as Markdown.
              run [--from <checkpoint>] [--parallelism <n>] <job.json>
                                         Run a job on the embedded engine.
              explain <job.json>         Print a job's plan: chains, operators, parallelism.
              stop [--checkpoint] <job-id | job.json>
                                         Stop a running job; with --checkpoint take a final checkpoint
                                         first and print its path (resume with run --from <path>).
              version                    Print Weir's version.

            --jar adds a jar (a third-party connector, say) to the classpath; so does WEIR_CLASSPATH.
            --connector adds a connector or format with its dependencies: a Weir identifier (kafka,
              avro-confluent) or any Maven coordinate (groupId:artifactId:version). Jars come from the
              local Maven repository (~/.m2/repository; --local-repository <dir> names another), else
              Weir's jar cache ($WEIR_CACHE_DIR/jars, default ~/.cache/weir/jars), else Maven Central
              (--repository <url>, repeatable, names others instead) and are downloaded into the cache;
              --offline downloads nothing.
            """;

    /** Options before the command: where connectors come from. */
    private static final Set<String> GLOBAL_OPTIONS = Set.of("--jar", "--connector", "--offline", "--repository",
            "--local-repository");

    private final PrintStream out;
    private final PrintStream err;
    private final ClassLoader classLoader;

    private Main(PrintStream out, PrintStream err, ClassLoader classLoader) {
        this.out = out;
        this.err = err;
        this.classLoader = classLoader;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        List<Path> jars = new ArrayList<>();
        List<String> connectors = new ArrayList<>();
        List<String> repositories = new ArrayList<>();
        ResolverSettings defaults = ResolverSettings.defaults(System.getenv());
        Path localRepository = defaults.localRepository();
        boolean offline = false;
        while (!rest.isEmpty() && GLOBAL_OPTIONS.contains(rest.get(0))) {
            String option = rest.remove(0);
            if (option.equals("--offline")) {
                offline = true;
                continue;
            }
            if (rest.isEmpty()) {
                err.println("weir: " + option + " needs a value.");
                return 2;
            }
            String value = rest.remove(0);
            switch (option) {
                case "--jar" -> {
                    Path jar = Path.of(value);
                    if (!Files.isRegularFile(jar)) {
                        err.println("weir: --jar " + jar + ": no such file");
                        return 2;
                    }
                    jars.add(jar.toAbsolutePath());
                }
                case "--connector" -> connectors.add(value);
                case "--repository" -> repositories.add(value);
                case "--local-repository" -> localRepository = Path.of(value);
                default -> throw new IllegalStateException("Unhandled option " + option);
            }
        }
        if (rest.isEmpty() || rest.get(0).equals("help") || rest.get(0).equals("--help") || rest.get(0).equals("-h")) {
            (rest.isEmpty() ? err : out).print(USAGE);
            return rest.isEmpty() ? 2 : 0;
        }
        // What each jar was added as, for the missing-class message: --jar files are named by their path.
        Map<Path, String> addedAs = new HashMap<>();
        if (!connectors.isEmpty()) {
            try {
                ArtifactResolver.Resolution resolution = ArtifactResolver.nextTo(Main.class).resolve(connectors,
                        new ResolverSettings(defaults.cacheDirectory(), localRepository, repositories, offline));
                for (Path jar : resolution.jars()) {
                    jars.add(jar);
                    for (int i = 0; i < connectors.size(); i++) {
                        if (isArtifact(jar, resolution.coordinates().get(i))) {
                            addedAs.put(jar, connectors.get(i));
                        }
                    }
                }
            } catch (ValidationException e) {
                err.println("weir: " + e.getMessage());
                return 2;
            }
        }
        ClassLoader parent = Main.class.getClassLoader();
        ClassLoader loader = jars.isEmpty() ? parent
                : new URLClassLoader(jars.stream().map(Main::url).toArray(URL[]::new), parent);
        Thread.currentThread().setContextClassLoader(loader);
        String command = rest.get(0);
        try {
            if (command.equals("run") || command.equals("explain")) {
                Optional<String> missing = MissingClasses.check(jars, addedAs, loader);
                if (missing.isPresent()) {
                    err.println("weir: " + missing.get());
                    return 2;
                }
            }
            return new Main(out, err, loader).dispatch(command, rest.subList(1, rest.size()));
        } catch (LinkageError e) {
            // Planning and factory discovery load connector classes, which may need a missing library.
            err.println("weir: " + MissingClasses.explain(e, loader).orElseThrow(() -> e));
            return 2;
        }
    }

    /**
     * Whether a resolved jar is the artifact (groupId:artifactId[:extension[:classifier]]:version) itself,
     * not one of its dependencies: repositories name it artifactId-version[-classifier].extension.
     */
    private static boolean isArtifact(Path jar, String coordinate) {
        String[] parts = coordinate.split(":");
        if (parts.length < 3) {
            return false;
        }
        String stem = parts[1] + "-" + parts[parts.length - 1];
        String name = jar.getFileName().toString();
        return name.startsWith(stem + ".") || name.startsWith(stem + "-");
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private int dispatch(String command, List<String> args) {
        try {
            return switch (command) {
                case "connectors" -> connectors();
                case "describe" -> args.size() == 1 ? describe(args.get(0)) : usage("describe <identifier>");
                case "validate" -> args.isEmpty() ? usage("validate <descriptor.json>...") : validate(args);
                case "catalog" -> write(args, "catalog", FactoryCatalog.toJson(FactoryDiscovery.load(classLoader)));
                case "reference" -> write(args, "reference", OptionReference.toMarkdown(FactoryDiscovery.load(classLoader)));
                case "run", "explain", "stop" -> dev.weir.engine.Launcher.run(
                        prepend(command, args).toArray(String[]::new), out, err);
                case "version", "--version" -> {
                    out.println("weir " + WeirArtifacts.version());
                    yield 0;
                }
                default -> {
                    err.println("weir: unknown command '" + command + "'." + Suggestions.didYouMean(command,
                            List.of("connectors", "describe", "validate", "catalog", "reference", "run", "explain", "stop", "version"))
                            + " Run 'weir help' for the list.");
                    yield 2;
                }
            };
        } catch (ValidationException e) {
            err.println("weir: " + MissingClasses.explain(e, classLoader).orElse(e.getMessage()));
            return 2;
        }
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private int usage(String form) {
        err.println("Usage: weir " + form);
        return 2;
    }

    private int connectors() {
        TextTable table = new TextTable("IDENTIFIER", "KIND", "JAR", "DESCRIPTION");
        for (Factory f : FactoryDiscovery.load(classLoader).factories()) {
            table.add(f.identifier(), kinds(f), Path.of(FactoryDiscovery.origin(f)).getFileName().toString(),
                    f.description());
        }
        table.print(out, "");
        return 0;
    }

    private static String kinds(Factory f) {
        return FactoryKind.of(f).stream().map(k -> k.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }

    private int describe(String identifier) {
        FactoryDiscovery discovery = FactoryDiscovery.load(classLoader);
        List<Factory> matches = discovery.factories().stream().filter(f -> f.identifier().equals(identifier)).toList();
        if (matches.isEmpty()) {
            Set<String> all = discovery.factories().stream().map(Factory::identifier)
                    .collect(Collectors.toCollection(TreeSet::new));
            err.println("weir: no connector or format '" + identifier + "' found." + Suggestions.didYouMean(identifier, all)
                    + WeirArtifacts.coordinateFor(identifier).map(c -> " It is provided by " + c
                    + ", which is not on the classpath (add it with --connector " + identifier + ").").orElse("")
                    + " Available: " + String.join(", ", all) + ".");
            return 2;
        }
        for (Factory f : matches) {
            out.println(f.identifier() + " (" + kinds(f) + ")");
            out.println("  " + f.description());
            out.println("  Provided by " + FactoryCatalog.artifact(f) + " from " + FactoryDiscovery.origin(f));
            out.println();
            TextTable options = new TextTable("OPTION", "TYPE", "REQUIRED", "DEFAULT", "DESCRIPTION");
            for (FactoryCatalog.OptionEntry e : FactoryCatalog.options(f)) {
                ConfigOption<?> o = e.option();
                String type = o.type().name().toLowerCase(Locale.ROOT).replace('_', ' ');
                String description = o.description()
                        + (o.enumValues().isEmpty() ? "" : " Values: " + String.join(", ", o.enumValues()) + ".")
                        + (o.isSensitive() ? " (Sensitive: never shown.)" : "")
                        + (o.fallbackKeys().isEmpty() && o.deprecatedKeys().isEmpty() ? ""
                        : " Also read from: " + String.join(", ", o.allKeys().subList(1, o.allKeys().size())) + ".");
                options.add(o.key(), type, e.required() ? "yes" : "no",
                        o.hasDefaultValue() ? o.defaultValueAsString() : "-", description);
            }
            options.print(out, "  ");
            printMetadata("Readable metadata", f instanceof SourceFactory s ? s.readableMetadata() : Map.of());
            printMetadata("Writable metadata", f instanceof SinkFactory s ? s.writableMetadata() : Map.of());
            out.println();
        }
        return 0;
    }

    private void printMetadata(String title, Map<String, ?> metadata) {
        if (!metadata.isEmpty()) {
            out.println();
            out.println("  " + title + ": " + new java.util.TreeMap<>(metadata).entrySet().stream()
                    .map(m -> m.getKey() + " " + m.getValue()).collect(Collectors.joining(", ")));
        }
    }

    private int validate(List<String> files) {
        FactoryDiscovery discovery = FactoryDiscovery.load(classLoader);
        int exit = 0;
        for (String file : files) {
            Path path = Path.of(file);
            try {
                String json = Files.readString(path, StandardCharsets.UTF_8);
                TableDescriptor descriptor = DescriptorJson.parse(json);
                String tableName = path.getFileName().toString().replaceFirst("\\.json$", "");
                Factory factory = discovery.findConnector(descriptor.connector(), tableName);
                TableContext context = new TableContext(tableName,
                        descriptor.schema().orElse(Schema.newBuilder().build()), descriptor.configuration(),
                        descriptor.partitionKeys(), classLoader, true);
                Set<String> problems = new LinkedHashSet<>();
                List<String> roles = new ArrayList<>();
                if (factory instanceof SourceFactory) {
                    roles.add("source");
                    collect(problems, () -> TableFactories.createSource(discovery, context));
                }
                if (factory instanceof SinkFactory) {
                    roles.add("sink");
                    collect(problems, () -> TableFactories.createSink(discovery, context));
                }
                if (problems.isEmpty()) {
                    out.println(file + ": valid (" + String.join(" and ", roles) + " table, connector '"
                            + descriptor.connector() + "')");
                } else {
                    err.println(file + ": invalid");
                    problems.forEach(p -> err.println("  - " + p));
                    exit = 2;
                }
            } catch (NoSuchFileException e) {
                err.println(file + ": no such file");
                exit = 2;
            } catch (IOException e) {
                err.println(file + ": cannot read: " + e.getMessage());
                exit = 2;
            } catch (ValidationException e) {
                err.println(file + ": invalid");
                e.problems().forEach(p -> err.println("  - " + p));
                exit = 2;
            }
        }
        return exit;
    }

    private static void collect(Set<String> problems, Runnable check) {
        try {
            check.run();
        } catch (ValidationException e) {
            problems.addAll(e.problems());
        }
    }

    /** Prints the text, or writes it to the file after --output. */
    private int write(List<String> args, String command, String text) {
        if (args.isEmpty()) {
            out.print(text);
            return 0;
        }
        if (args.size() != 2 || !args.get(0).equals("--output")) {
            return usage(command + " [--output <file>]");
        }
        try {
            Path target = Path.of(args.get(1));
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Files.writeString(target, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("weir: cannot write " + args.get(1) + ": " + e.getMessage());
            return 2;
        }
        return 0;
    }
}
