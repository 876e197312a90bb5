package dev.weir.engine.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.engine.plan.Planner;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.spec.JobSpecJson;
import dev.weir.engine.testing.Permissions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRegistryTest {
    private static final String JOB = """
            {"version": 1,
             "pipelines": [{"sink": "print", "query": {"op": "values",
               "schema": {"columns": [{"name": "n", "type": "INT"}]}, "rows": [[1]]}}]}
            """;

    @TempDir
    Path dir;

    @Test
    void aShortJobsDirectoryKeepsTheSocketBesideTheEntry() throws Exception {
        JobRegistry registry = new JobRegistry(dir.resolve("jobs"));
        JobRegistry.Entry entry = registry.register(Files.writeString(dir.resolve("job.json"), JOB));
        try {
            assertThat(entry.socket()).isEqualTo(entry.dir().resolve(JobRegistry.SOCKET));
            assertThat(registry.find(entry.id())).isEqualTo(entry);
        } finally {
            registry.unregister(entry);
        }
    }

    @Test
    void anEntryAndItsSocketAreOnlyTheirOwners() throws Exception {
        JobRegistry registry = new JobRegistry(dir.resolve("home/.weir/jobs"));
        JobRegistry.Entry entry = registry.register(Files.writeString(dir.resolve("job.json"), JOB));
        JobExecution job = JobExecution.start(Planner.create().plan(JobSpecJson.parse(JOB)));
        try (ControlServer server = ControlServer.start(entry.socket(), job)) {
            for (Path created : List.of(dir.resolve("home"), dir.resolve("home/.weir"), dir.resolve("home/.weir/jobs"), entry.dir())) {
                assertThat(Permissions.of(created)).as(created.toString()).isEqualTo("rwx------");
            }
            assertThat(Permissions.of(entry.dir().resolve(JobRegistry.PROPERTIES))).isEqualTo("rw-------");
            assertThat(Permissions.of(entry.socket())).isEqualTo("rw-------");
        } finally {
            job.cancel();
            job.await();
            registry.unregister(entry);
        }
    }

    @Test
    void aControlSocketIsNotOpenedWhereOthersCouldReachIt() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        JobExecution job = JobExecution.start(Planner.create().plan(JobSpecJson.parse(JOB)));
        try {
            assertThatThrownBy(() -> ControlServer.start(shared.resolve("control.sock"), job))
                    .hasMessageContaining("its directory " + shared + " is not this user's with permissions rwx------");
            assertThat(shared.resolve("control.sock")).doesNotExist();
        } finally {
            job.await();
        }
    }

    @Test
    void anEntryThatIsNotPrivateIsNeitherTrustedNorCleanedUp() throws Exception {
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        Path victim = Files.writeString(dir.resolve("precious.txt"), "keep me");
        Path planted = Files.createDirectory(jobs.resolve("0badc0de"));
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxr-xr-x"));
        // a dead pid: a trusted entry would be cleaned up, its 'socket' deleted with it
        Files.writeString(planted.resolve(JobRegistry.PROPERTIES), "id=0badc0de\npid=" + Long.MAX_VALUE
                + "\njob-file=/x.json\nsocket=" + victim + "\n");
        JobRegistry registry = new JobRegistry(jobs);
        assertThat(registry.running()).isEmpty();
        assertThat(victim).hasContent("keep me");
        assertThatThrownBy(() -> registry.find("0badc0de")).hasMessageContaining("No running job '0badc0de'");
    }

    @Test
    void aShortSocketDirectoryOthersCanEnterIsNotUsed() throws Exception {
        String tmpdir = System.getProperty("java.io.tmpdir");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path open = Files.createDirectory(tmp.resolve("weir-" + System.getProperty("user.name")));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        System.setProperty("java.io.tmpdir", tmp.toString());
        try {
            JobRegistry registry = new JobRegistry(deepJobsDirectory());
            assertThatThrownBy(() -> registry.register(Files.writeString(dir.resolve("job.json"), JOB)))
                    .hasMessageContaining(open + " is not a directory of this user with permissions rwx------");
        } finally {
            System.setProperty("java.io.tmpdir", tmpdir);
        }
    }

    private Path deepJobsDirectory() {
        return dir.resolve("a-jobs-directory-nested-deeply-enough".repeat(3)).resolve("jobs");
    }

    @Test
    void aJobsDirectoryTooDeepForASocketPathGetsAShortPrivateSocketThatStopStillReaches() throws Exception {
        Path deep = deepJobsDirectory();
        assertThat(deep.resolve("0123abcd").resolve(JobRegistry.SOCKET).toString().getBytes(StandardCharsets.UTF_8).length)
                .isGreaterThan(JobRegistry.MAX_SOCKET_PATH_BYTES);
        JobRegistry registry = new JobRegistry(deep);
        JobRegistry.Entry entry = registry.register(Files.writeString(dir.resolve("job.json"), JOB));
        JobExecution job = JobExecution.start(Planner.create().plan(JobSpecJson.parse(JOB)));
        try (ControlServer server = ControlServer.start(entry.socket(), job)) {
            assertThat(entry.socket().toString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(JobRegistry.MAX_SOCKET_PATH_BYTES);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(entry.socket().getParent()))).isEqualTo("rwx------");
            JobRegistry.Entry found = registry.find(entry.id());
            assertThat(found.socket()).isEqualTo(entry.socket());
            assertThat(ControlServer.send(found.socket(), ControlServer.CANCEL)).isEqualTo("cancelled");
        } finally {
            job.await();
            registry.unregister(entry);
        }
        assertThat(entry.socket()).doesNotExist();
        assertThat(entry.dir()).doesNotExist();
    }
}
