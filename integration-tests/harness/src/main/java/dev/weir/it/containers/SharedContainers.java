package dev.weir.it.containers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.testcontainers.containers.GenericContainer;

/**
 * One container per system per test JVM: the first test that asks for a system starts it, every
 * later test class reuses it, and a shutdown hook stops them all when the JVM exits.
 *
 * <p>The hook replaces Testcontainers' reaper (Ryuk), whose image cannot be pulled here. A JVM that
 * is killed outright leaves its containers behind; they carry the {@link #LABEL} label, so
 * {@code docker rm -f $(docker ps -aq --filter label=dev.weir.it)} removes them.
 */
public final class SharedContainers {

    /** Label on every container the harness starts; its value names the system. */
    public static final String LABEL = "dev.weir.it";

    private static final Map<Class<?>, GenericContainer<?>> RUNNING = new LinkedHashMap<>();
    /** A system that failed to start is not retried by every later test class; each gets the first failure. */
    private static final Map<Class<?>, RuntimeException> FAILED = new HashMap<>();
    private static boolean shutdownHookAdded;

    private SharedContainers() {
    }

    /** The running container of this type, started with {@code factory} on first use. */
    public static synchronized <C extends GenericContainer<?>> C start(Class<C> type, Supplier<C> factory) {
        GenericContainer<?> running = RUNNING.get(type);
        if (running != null) {
            return type.cast(running);
        }
        RuntimeException earlierFailure = FAILED.get(type);
        if (earlierFailure != null) {
            throw new IllegalStateException(type.getSimpleName() + " failed to start earlier in this run", earlierFailure);
        }
        addShutdownHookOnce();
        C container = factory.get();
        try {
            container.start();
        } catch (RuntimeException e) {
            FAILED.put(type, e);
            container.stop();
            throw e;
        }
        RUNNING.put(type, container);
        return container;
    }

    /** The containers started so far in this JVM, in start order. */
    public static synchronized List<GenericContainer<?>> running() {
        return List.copyOf(RUNNING.values());
    }

    private static void addShutdownHookOnce() {
        if (shutdownHookAdded) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(SharedContainers::stopAll, "weir-it-stop-containers"));
        shutdownHookAdded = true;
    }

    private static void stopAll() {
        List<GenericContainer<?>> newestFirst = new ArrayList<>(running());
        Collections.reverse(newestFirst);
        newestFirst.forEach(GenericContainer::stop);
    }
}
