package dev.weir.resolver.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.LocalRepositoryManager;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.ChainedLocalRepositoryManager;

/**
 * Resolves Maven coordinates with their runtime dependencies into jar files, with Maven Resolver.
 *
 * <p>Runs inside a class loader of its own (see {@code ArtifactResolver}), so its signature uses
 * JDK types only and its failures are {@link IllegalArgumentException}s with a complete message.
 *
 * <p>Local repositories come before the remote ones: the user's (usually ~/.m2/repository, read
 * only, where a Weir build installs its SNAPSHOTs) and Weir's cache (where downloads are written).
 * Remote repositories serve releases only: SNAPSHOTs exist only where they were built.
 */
public final class MavenResolution {
    private MavenResolution() {
    }

    /**
     * @param coordinates 'groupId:artifactId:version' (or with extension/classifier, Maven's syntax)
     * @param cacheRepository where downloaded artifacts are kept (a Maven repository layout)
     * @param userRepository the user's local Maven repository, read before anything is downloaded
     * @param remoteUrls repositories to download from, in order
     * @param offline resolve from the local repositories only
     * @return every jar: the requested artifacts and their runtime dependencies, dependencies mediated
     *     as Maven does (nearest wins)
     */
    public static List<Path> resolve(List<String> coordinates, Path cacheRepository, Path userRepository,
            List<String> remoteUrls, boolean offline) {
        RepositorySystem system = new RepositorySystemSupplier().get();
        DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
        // Profiles in dependency POMs are activated by the JDK and OS, as in a Maven build.
        session.setSystemProperties(System.getProperties());
        session.setOffline(offline);
        LocalRepositoryManager cache = system.newLocalRepositoryManager(session, new LocalRepository(cacheRepository.toFile()));
        LocalRepositoryManager user = system.newLocalRepositoryManager(session, new LocalRepository(userRepository.toFile()));
        // The user's repository is read-only here and trusted whatever repository its files came from.
        session.setLocalRepositoryManager(new ChainedLocalRepositoryManager(cache, List.of(user), true));

        List<RemoteRepository> remotes = new ArrayList<>();
        for (int i = 0; i < remoteUrls.size(); i++) {
            String id = i == 0 ? "central" : "repository-" + i;
            remotes.add(new RemoteRepository.Builder(id, "default", remoteUrls.get(i))
                    .setSnapshotPolicy(new RepositoryPolicy(false, RepositoryPolicy.UPDATE_POLICY_NEVER,
                            RepositoryPolicy.CHECKSUM_POLICY_WARN))
                    .build());
        }
        CollectRequest collect = new CollectRequest();
        for (String coordinate : coordinates) {
            collect.addDependency(new Dependency(artifact(coordinate), JavaScopes.RUNTIME));
        }
        collect.setRepositories(remotes);
        DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
        try {
            List<Path> jars = new ArrayList<>();
            for (ArtifactResult result : system.resolveDependencies(session, request).getArtifactResults()) {
                jars.add(result.getArtifact().getFile().toPath());
            }
            return jars;
        } catch (DependencyResolutionException e) {
            throw new IllegalArgumentException("Cannot resolve " + String.join(", ", coordinates) + ": "
                    + rootMessage(e) + " Repositories tried: " + userRepository + " (local), " + cacheRepository
                    + " (Weir's cache)" + (offline ? " (offline: no remote repository)" : remotes.stream()
                            .map(RemoteRepository::getUrl).collect(Collectors.joining(", ", ", ", ""))) + ".", e);
        } finally {
            system.shutdown();
        }
    }

    private static DefaultArtifact artifact(String coordinate) {
        try {
            return new DefaultArtifact(coordinate);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + coordinate + "' is not a Maven coordinate: expected "
                    + "groupId:artifactId:version (e.g. org.example:my-connector:1.0).", e);
        }
    }

    /**
     * What could not be resolved, and why: the innermost ArtifactResolutionException names the artifacts
     * ("com.example:lib:jar:1.0 (absent): Could not find artifact ... in central (url)"), where the
     * innermost cause alone often does not name one ("Cannot access central in offline mode").
     */
    private static String rootMessage(Throwable error) {
        String message = null;
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ArtifactResolutionException || message == null && cause.getCause() == null) {
                message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            }
        }
        return message.endsWith(".") ? message : message + ".";
    }
}
