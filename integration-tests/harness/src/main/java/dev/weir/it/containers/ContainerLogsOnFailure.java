package dev.weir.it.containers;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.testcontainers.containers.GenericContainer;

/**
 * When a test or one of its lifecycle methods fails, saves the logs of every running shared
 * container (see {@link SharedContainers}) and attaches them to the failure: the report then names
 * the log file and shows its last lines, the broker's side of what went wrong.
 *
 * <p>Files go to {@code <dir>/<test class>/<test method>-<system>.log}, where {@code <dir>} is the
 * {@value #LOGS_DIRECTORY_PROPERTY} system property (default {@code target/container-logs}).
 */
public final class ContainerLogsOnFailure implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    public static final String LOGS_DIRECTORY_PROPERTY = "weir.it.container-logs";

    static final int TAIL_LINES = 40;

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withContainerLogs(context, failure);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withContainerLogs(context, failure);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withContainerLogs(context, failure);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withContainerLogs(context, failure);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withContainerLogs(context, failure);
    }

    private static Throwable withContainerLogs(ExtensionContext context, Throwable failure) {
        for (GenericContainer<?> container : SharedContainers.running()) {
            try {
                failure.addSuppressed(saveLogs(context, container));
            } catch (IOException | RuntimeException e) {
                // The test's own failure matters more than its logs: report this next to it.
                failure.addSuppressed(e);
            }
        }
        return failure;
    }

    private static ContainerLogs saveLogs(ExtensionContext context, GenericContainer<?> container) throws IOException {
        String logs = container.getLogs();
        Path directory = Path.of(System.getProperty(LOGS_DIRECTORY_PROPERTY, "target/container-logs"))
                .resolve(context.getRequiredTestClass().getName());
        Path file = directory.resolve(testName(context) + "-" + systemOf(container) + ".log").toAbsolutePath();
        Files.createDirectories(directory);
        Files.writeString(file, logs);
        return new ContainerLogs(container, file, tail(logs));
    }

    /** The system a container runs, as its image's repository says it: weir/kafka:4.3.1-... is "kafka". */
    private static String systemOf(GenericContainer<?> container) {
        String image = container.getDockerImageName();
        String repository = image.substring(0, image.lastIndexOf(':'));
        return repository.substring(repository.lastIndexOf('/') + 1);
    }

    /**
     * The method name, plus the display name for invocations of parameterized or repeated tests, so
     * that each invocation keeps its own file; the class name for failures of class-level methods.
     */
    private static String testName(ExtensionContext context) {
        String displayName = context.getDisplayName();
        String name = context.getTestMethod()
                .map(Method::getName)
                .map(method -> displayName.startsWith(method + "(") ? method : method + "-" + displayName)
                .orElse(displayName);
        return name.replaceAll("[^A-Za-z0-9._-]+", "_");
    }

    private static String tail(String logs) {
        List<String> lines = logs.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }

    /** A container's logs, attached to a failure as a suppressed exception. */
    public static final class ContainerLogs extends Exception {

        private final transient Path file;

        ContainerLogs(GenericContainer<?> container, Path file, String tail) {
            // No stack trace: where the harness collected the logs says nothing about the failure.
            super("Logs of " + container.getDockerImageName() + " (container " + container.getContainerId()
                    + ") written to " + file + "; last lines:\n" + tail, null, false, false);
            this.file = file;
        }

        /** The file holding the container's complete logs. */
        public Path file() {
            return file;
        }
    }
}
