package dev.weir.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.engine.testing.Permissions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
    @TempDir
    Path root;

    private static CheckpointData checkpoint(long id) {
        CheckpointData data = CheckpointData.empty(id, 2);
        data.enumeratorStates().put("0.0-source", new byte[]{1, 2});
        data.operatorStates().put("0.1-group-aggregate", new TreeMap<>(Map.of(0, new byte[]{(byte) id}, 1, new byte[]{9})));
        data.committables().put("0.2-sink", new byte[]{7});
        return data;
    }

    @Test
    void writesCompleteCheckpointsAndKeepsTheRetainedOnes() throws Exception {
        CheckpointStore store = new CheckpointStore(root, 2);
        store.write(checkpoint(1));
        store.write(checkpoint(2));
        Path third = store.write(checkpoint(3));
        try (var dirs = Files.list(root)) {
            assertThat(dirs.map(d -> d.getFileName().toString()).sorted().toList()).containsExactly("chk-2", "chk-3");
        }
        CheckpointData read = CheckpointStore.readLatest(root);
        assertThat(read.id()).isEqualTo(3);
        assertThat(read.parallelism()).isEqualTo(2);
        assertThat(read.operatorStates().get("0.1-group-aggregate").get(0)).containsExactly(3);
        assertThat(read.committables().get("0.2-sink")).containsExactly(7);
        assertThat(CheckpointStore.readLatest(third).id()).isEqualTo(3);
    }

    @Test
    void checkpointDirectoriesAndFilesAreOnlyTheirOwners() throws Exception {
        Path parent = root.resolve("missing-parent");
        Path checkpoint = new CheckpointStore(parent.resolve("checkpoints"), 1).write(checkpoint(1));
        for (Path dir : List.of(parent, parent.resolve("checkpoints"), checkpoint)) {
            assertThat(Permissions.of(dir)).as(dir.toString()).isEqualTo("rwx------");
        }
        try (var files = Files.list(checkpoint)) {
            List<Path> all = files.toList();
            assertThat(all).extracting(f -> f.getFileName().toString()).contains("MANIFEST", "f0.bin", "f3.bin");
            assertThat(all).allSatisfy(f -> assertThat(Permissions.of(f)).as(f.toString()).isEqualTo("rw-------"));
        }
    }

    @Test
    void aDamagedCheckpointIsSkippedForTheNewestThatVerifies() throws Exception {
        CheckpointStore store = new CheckpointStore(root, 2);
        store.write(checkpoint(1));
        Path newest = store.write(checkpoint(2));
        Files.write(newest.resolve("f0.bin"), new byte[]{1, 3});
        assertThatThrownBy(() -> CheckpointStore.read(newest)).hasMessageContaining("does not match its checksum");
        assertThat(CheckpointStore.readLatest(root).id()).isEqualTo(1);
    }

    @Test
    void aTruncatedManifestOrStateFileIsDetected() throws Exception {
        CheckpointStore store = new CheckpointStore(root, 3);
        store.write(checkpoint(1));
        Path second = store.write(checkpoint(2));
        Path third = store.write(checkpoint(3));
        String manifest = Files.readString(third.resolve("MANIFEST"));
        // the last file line and the checksum line cut off, as a torn write would leave it
        Files.writeString(third.resolve("MANIFEST"), manifest.substring(0, manifest.lastIndexOf("committables")));
        Files.write(second.resolve("f1.bin"), new byte[0]);

        assertThatThrownBy(() -> CheckpointStore.read(third)).hasMessageContaining("MANIFEST is truncated or altered");
        assertThatThrownBy(() -> CheckpointStore.read(second)).hasMessageContaining("does not match its checksum");
        CheckpointStore.Intact intact = CheckpointStore.latestIntact(root);
        assertThat(intact.dir()).isEqualTo(root.resolve("chk-1"));
        assertThat(intact.data().id()).isEqualTo(1);
    }

    @Test
    void aDamagedCheckpointNamedExplicitlyFallsBackToAnOlderOneBesideIt() throws Exception {
        CheckpointStore store = new CheckpointStore(root, 3);
        store.write(checkpoint(1));
        Path second = store.write(checkpoint(2));
        store.write(checkpoint(3));
        Files.delete(second.resolve("MANIFEST"));

        assertThat(CheckpointStore.latestIntact(second).dir()).isEqualTo(root.resolve("chk-1"));
        assertThat(CheckpointStore.latestIntact(root.resolve("chk-3")).dir()).isEqualTo(root.resolve("chk-3"));
    }

    @Test
    void unfinishedCheckpointsAreRemovedAndNeverRestored() throws Exception {
        Files.createDirectories(root.resolve(".inprogress-5-x"));
        Files.writeString(root.resolve(".inprogress-5-x").resolve("f0.bin"), "partial");
        assertThatThrownBy(() -> CheckpointStore.readLatest(root)).hasMessageContaining("No complete checkpoint");
        new CheckpointStore(root, 1);
        assertThat(Files.exists(root.resolve(".inprogress-5-x"))).isFalse();
    }
}
