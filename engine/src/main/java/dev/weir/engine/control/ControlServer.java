package dev.weir.engine.control;

import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.runtime.PrivateFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A running job's control endpoint: a Unix domain socket in its {@link JobRegistry} entry. The
 * protocol is one request line and one reply line, then the connection closes:
 * <pre>
 * stop-with-checkpoint  -&gt;  checkpoint &lt;path&gt;   or   error &lt;message&gt;
 * cancel                -&gt;  cancelled
 * </pre>
 * Only this process's user can connect: the socket is opened only in a directory that is this user's
 * and private (rwx------), and made rw------- itself, so the kernel refuses every other user's
 * {@code connect} (root excepted). Java has no API for the peer's credentials (SO_PEERCRED), and
 * finding the peer in /proc would be racy and impossible without root for another user's process,
 * so the file system is the check; engine/README.md says more.
 */
public final class ControlServer implements AutoCloseable {
    public static final String STOP_WITH_CHECKPOINT = "stop-with-checkpoint";
    public static final String CANCEL = "cancel";

    private final ServerSocketChannel server;
    private final JobExecution job;
    private final Thread acceptor;

    private ControlServer(ServerSocketChannel server, JobExecution job) {
        this.server = server;
        this.job = job;
        this.acceptor = new Thread(this::serve, "weir-control");
        this.acceptor.setDaemon(true);
    }

    public static ControlServer start(Path socket, JobExecution job) {
        try {
            Path directory = socket.toAbsolutePath().getParent();
            if (!PrivateFiles.isPrivate(directory)) {
                throw new IOException("its directory " + directory + " is not this user's with permissions rwx------,"
                        + " so other users could connect");
            }
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                server.bind(UnixDomainSocketAddress.of(socket));
                PrivateFiles.restrict(socket); // bind gives it the umask's permissions
            } catch (IOException e) {
                server.close();
                throw e;
            }
            ControlServer control = new ControlServer(server, job);
            control.acceptor.start();
            return control;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the control socket " + socket + ": " + e.getMessage(), e);
        }
    }

    /** One request at a time: a stop is answered before the process can exit (see {@link #close()}). */
    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
                Writer out = Channels.newWriter(client, StandardCharsets.UTF_8);
                String request = in.readLine();
                out.write(reply(request == null ? "" : request.trim()) + "\n");
                out.flush();
            } catch (IOException e) {
                // the server was closed, or a client went away mid-request: nothing to answer
            }
        }
    }

    private String reply(String request) {
        switch (request) {
            case STOP_WITH_CHECKPOINT -> {
                try {
                    return "checkpoint " + job.stopWithCheckpoint();
                } catch (IllegalStateException e) {
                    return "error " + e.getMessage().replace('\n', ' ');
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "error interrupted";
                }
            }
            case CANCEL -> {
                job.cancel();
                return "cancelled";
            }
            default -> {
                return "error unknown request '" + request + "'; expected " + STOP_WITH_CHECKPOINT + " or " + CANCEL;
            }
        }
    }

    /** Stops accepting requests after the one being answered, if any, is answered. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            acceptor.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends one request to the job listening on {@code socket}; returns its reply line. */
    public static String send(Path socket, String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            Writer out = Channels.newWriter(channel, StandardCharsets.UTF_8);
            out.write(request + "\n");
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            String reply = in.readLine();
            if (reply == null) {
                throw new IOException("the job closed the connection without answering");
            }
            return reply;
        }
    }
}
