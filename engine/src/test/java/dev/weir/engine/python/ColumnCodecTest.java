package dev.weir.engine.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnCodecTest {
    private static Object[] roundTrip(DataType type, Object... values) {
        FrameBuffer out = new FrameBuffer(64);
        ColumnCodec.write(out, type, values, values.length);
        ByteBuffer in = ByteBuffer.wrap(out.array(), 0, out.position()).order(ByteOrder.LITTLE_ENDIAN);
        Object[] read = ColumnCodec.read(in, type, values.length);
        assertThat(in.position()).as("the whole column is read").isEqualTo(out.position());
        return read;
    }

    private static Map<Object, Object> map(Object... keysAndValues) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void mapsTravelAsOffsetsKeysAndValuesKeepingOrderNullsAndEmptyMaps() {
        DataType type = DataTypes.MAP(DataTypes.STRING(), DataTypes.BIGINT());
        Object[] values = {map("b", 2L, "a", null), null, map(), map("zoë", 3L)};

        Object[] read = roundTrip(type, values);

        assertThat(read).containsExactly(values);
        @SuppressWarnings("unchecked")
        Map<Object, Object> first = (Map<Object, Object>) read[0];
        assertThat(first.keySet()).containsExactly("b", "a");
    }

    @Test
    void mapsNestInArraysAndRowsAndHoldArrays() {
        DataType inArray = DataTypes.ARRAY(DataTypes.MAP(DataTypes.INT(), DataTypes.ARRAY(DataTypes.STRING())));
        List<Object> nested = Arrays.asList(map(1, List.of("x", "y")), null, map(2, Arrays.asList((Object) null)));
        assertThat(roundTrip(inArray, nested, List.of(), null)).containsExactly(nested, List.of(), null);

        DataType inRow = DataTypes.ROW(DataTypes.FIELD("m", DataTypes.MAP(DataTypes.STRING(), DataTypes.DOUBLE())),
                DataTypes.FIELD("n", DataTypes.INT()));
        Object[] rows = {Row.of(map("k", 1.5), 7), Row.of(null, null)};
        assertThat(roundTrip(inRow, rows)).containsExactly(rows);
    }
}
