package dev.weir.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataSerializerTest {
    record Split(String topic, long offset, byte[] cursor) {
    }

    record State(List<String> known, List<Split> unassigned) {
    }

    static final DataSerializer<Split> SPLITS = DataSerializer.of(1,
            (out, s) -> {
                out.writeUTF(s.topic());
                out.writeLong(s.offset());
                DataSerializer.writeNullableBytes(out, s.cursor());
            },
            in -> new Split(in.readUTF(), in.readLong(), DataSerializer.readNullableBytes(in)));

    static final DataSerializer<State> STATES = DataSerializer.of(2,
            (out, s) -> {
                DataSerializer.writeStrings(out, s.known());
                DataSerializer.writeList(out, s.unassigned(), SPLITS::write);
            },
            in -> new State(DataSerializer.readStrings(in), DataSerializer.readList(in, SPLITS::read)));

    @Test
    void nestedValuesRoundTrip() throws IOException {
        State state = new State(List.of("a-0", "a-1"), List.of(new Split("a", 7, null), new Split("b", 9, new byte[] {1, 2})));
        State back = STATES.deserialize(2, STATES.serialize(state));
        assertThat(back.known()).containsExactly("a-0", "a-1");
        assertThat(back.unassigned().get(0)).isEqualTo(new Split("a", 7, null));
        assertThat(back.unassigned().get(1).cursor()).containsExactly(1, 2);
    }

    @Test
    void anotherVersionIsRefusedClearly() throws IOException {
        byte[] bytes = SPLITS.serialize(new Split("a", 1, null));
        assertThatThrownBy(() -> SPLITS.deserialize(3, bytes))
                .hasMessage("Cannot read state written in version 3; this connector reads version 1.");
    }
}
