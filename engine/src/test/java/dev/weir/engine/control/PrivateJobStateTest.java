package dev.weir.engine.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weir.engine.testing.Permissions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job run under umask 000 with its jobs and checkpoint directories in a directory everyone may
 * write (as /tmp): what it creates is still its user's alone, and another user cannot stop it.
 * The other user is 'nobody', by setpriv: the tests run as root, and root passes every permission
 * check, so only a second, unprivileged user shows what the kernel refuses.
 */
class PrivateJobStateTest {
    private static final String NOBODY = "65534";
    /** A client that only needs the JDK, so 'nobody' can run it from a file it may read. */
    private static final String CLIENT = """
            import java.net.StandardProtocolFamily;
            import java.net.UnixDomainSocketAddress;
            import java.nio.ByteBuffer;
            import java.nio.channels.SocketChannel;
            import java.nio.charset.StandardCharsets;

            public class Client {
                public static void main(String[] args) {
                    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                        channel.connect(UnixDomainSocketAddress.of(args[0]));
                        channel.write(ByteBuffer.wrap("cancel\\n".getBytes(StandardCharsets.UTF_8)));
                        ByteBuffer reply = ByteBuffer.allocate(200);
                        channel.read(reply);
                        System.out.println("answered " + new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8).trim());
                    } catch (Exception e) {
                        System.out.println("refused " + e.getMessage());
                    }
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void underUmask000TheRegistryCheckpointsAndSocketAreTheUsersAlone() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path client = Files.writeString(open.resolve("Client.java"), CLIENT);
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rw-r--r--"));
        String probe;
        try {
            probe = runAsNobody(client, open.resolve("no-such.sock"));
        } catch (IOException noSetpriv) {
            probe = noSetpriv.getMessage();
        }
        assumeTrue(probe.startsWith("refused"), "cannot run a client as another user here: " + probe);

        Path jobs = open.resolve("jobs");
        Path checkpoints = open.resolve("checkpoints");
        Path job = Files.writeString(dir.resolve("job.json"), """
                {"version": 1,
                 "config": {"execution.checkpointing.dir": "%s"},
                 "tables": {"src": {"connector": "test-source", "options": {"data": "child", "bounded": "false"},
                                    "schema": {"columns": [{"name": "id", "type": "BIGINT"}, {"name": "k", "type": "INT"}]}}},
                 "pipelines": [{"sink": "print", "query": {"op": "aggregate", "groupBy": ["k"],
                                "select": ["k", "COUNT(*) AS n"], "input": {"op": "scan", "table": "src"}}}]}
                """.formatted(checkpoints));
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "umask 000 && exec \"$0\" \"$@\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.weir.engine.testing.LauncherChild", "run", job.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("WEIR_JOBS_DIR", jobs.toString());
        Process child = builder.start();
        StringBuilder err = new StringBuilder();
        BufferedReader stderr = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = stderr.readLine()) != null && !line.startsWith("Job ")) {
            err.append(line).append('\n');
        }
        assertThat(line).as(err.toString()).isNotNull().contains(" started");
        Thread drain = new Thread(() -> stderr.lines().forEach(l -> err.append(l).append('\n')));
        drain.start();
        String id = line.split(" ")[1];
        Path entry = jobs.resolve(id);
        Path socket = entry.resolve(JobRegistry.SOCKET);

        assertThat(Permissions.of(jobs)).isEqualTo("rwx------");
        assertThat(Permissions.of(entry)).isEqualTo("rwx------");
        assertThat(Permissions.of(entry.resolve(JobRegistry.PROPERTIES))).isEqualTo("rw-------");
        assertThat(Permissions.of(socket)).isEqualTo("rw-------");
        assertThat(runAsNobody(client, socket)).isEqualTo("refused Permission denied");

        String reply = ControlServer.send(socket, ControlServer.STOP_WITH_CHECKPOINT);
        assertThat(reply).startsWith("checkpoint ");
        assertThat(child.waitFor()).as(err.toString()).isZero();
        drain.join();
        Path checkpoint = Path.of(reply.substring("checkpoint ".length()));
        assertThat(checkpoint.getParent()).isEqualTo(checkpoints);
        assertThat(Permissions.of(checkpoints)).isEqualTo("rwx------");
        try (Stream<Path> all = Files.walk(checkpoint)) {
            List<Path> created = all.toList();
            assertThat(created).hasSizeGreaterThan(2); // the directory, MANIFEST and state files
            assertThat(created).allSatisfy(p -> assertThat(Permissions.of(p)).as(p.toString())
                    .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------"));
        }
    }

    /** Runs the client as 'nobody' against {@code socket}; its one line of output. */
    private static String runAsNobody(Path client, Path socket) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), client.toString(), socket.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        return output;
    }

}
