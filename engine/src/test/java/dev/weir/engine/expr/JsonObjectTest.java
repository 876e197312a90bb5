package dev.weir.engine.expr;

import static dev.weir.engine.expr.Rows.eval;
import static dev.weir.engine.expr.Rows.evalNulls;
import static dev.weir.engine.expr.Rows.typeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonObjectTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void encodesEachTypeAsJson() {
        assertThat(eval("JSON_OBJECT('id' VALUE id, 'name' VALUE name, 'price' VALUE price, 'score' VALUE score, "
                + "'flag' VALUE flag, 'big' VALUE big)"))
                .isEqualTo("{\"id\":7,\"name\":\"Alice\",\"price\":12.50,\"score\":2.5,\"flag\":true,\"big\":10000000000}");
        assertThat(eval("JSON_OBJECT('day' VALUE day, 'ts' VALUE ts, 'ltz' VALUE ltz, 'clock' VALUE clock)"))
                .isEqualTo("{\"day\":\"2024-01-31\",\"ts\":\"2024-01-31 12:30:45.123\","
                        + "\"ltz\":\"2024-01-31 12:30:45.123\",\"clock\":\"08:15:00\"}");
        assertThat(eval("JSON_OBJECT('ratio' VALUE ratio, 'tiny' VALUE tiny)")).isEqualTo("{\"ratio\":1.5,\"tiny\":3}");
    }

    @Test
    void keywordKeyIsOptionalAndEmptyObjectIsAllowed() {
        assertThat(eval("JSON_OBJECT(KEY 'a' VALUE 1, KEY 'b' VALUE 2)")).isEqualTo("{\"a\":1,\"b\":2}");
        assertThat(eval("JSON_OBJECT()")).isEqualTo("{}");
        assertThat(typeOf("JSON_OBJECT('a' VALUE name)")).isEqualTo(DataTypes.STRING().notNull());
    }

    @Test
    void escapesKeysAndValues() throws Exception {
        String json = (String) eval("JSON_OBJECT('qu\"ote' VALUE 'line\nbreak \\ tab\t ☃', 'k' VALUE '</x>')");
        JsonNode node = MAPPER.readTree(json);
        assertThat(node.get("qu\"ote").asText()).isEqualTo("line\nbreak \\ tab\t ☃");
        assertThat(node.get("k").asText()).isEqualTo("</x>");
    }

    @Test
    void nullOnNullIsTheDefaultAndAbsentOnNullDropsTheKey() {
        assertThat(evalNulls("JSON_OBJECT('name' VALUE name, 'id' VALUE id)")).isEqualTo("{\"name\":null,\"id\":1}");
        assertThat(evalNulls("JSON_OBJECT('name' VALUE name, 'id' VALUE id NULL ON NULL)"))
                .isEqualTo("{\"name\":null,\"id\":1}");
        assertThat(evalNulls("JSON_OBJECT('name' VALUE name, 'id' VALUE id ABSENT ON NULL)")).isEqualTo("{\"id\":1}");
        assertThat(evalNulls("JSON_OBJECT('id' VALUE id, 'name' VALUE name ABSENT ON NULL)")).isEqualTo("{\"id\":1}");
        assertThat(eval("JSON_OBJECT('n' VALUE NULL)")).isEqualTo("{\"n\":null}");
    }

    @Test
    void nestedJsonObjectIsEmbeddedNotQuoted() {
        assertThat(eval("JSON_OBJECT('outer' VALUE JSON_OBJECT('inner' VALUE id))"))
                .isEqualTo("{\"outer\":{\"inner\":7}}");
        assertThat(eval("JSON_OBJECT('outer' VALUE JSON_OBJECT('inner' VALUE 'constant'))"))
                .isEqualTo("{\"outer\":{\"inner\":\"constant\"}}");
        assertThat(eval("JSON_OBJECT('text' VALUE '{\"a\":1}')")).isEqualTo("{\"text\":\"{\\\"a\\\":1}\"}");
    }

    @Test
    void rowsArraysAndMapsBecomeObjectsAndArrays() {
        DataType input = DataTypes.ROW(
                DataTypes.FIELD("r", DataTypes.ROW(DataTypes.FIELD("a", DataTypes.INT()), DataTypes.FIELD("b", DataTypes.STRING()))),
                DataTypes.FIELD("xs", DataTypes.ARRAY(DataTypes.DOUBLE())),
                DataTypes.FIELD("m", DataTypes.MAP(DataTypes.STRING(), DataTypes.BIGINT())),
                DataTypes.FIELD("bin", DataTypes.BYTES()));
        Row row = Row.of(Row.of(1, null), List.of(1.5, 2.0), Map.of("k", 3L), new byte[] {1, 2, 3});
        assertThat(Rows.COMPILER.compile("JSON_OBJECT('r' VALUE r, 'xs' VALUE xs, 'm' VALUE m, 'bin' VALUE bin)", input)
                .eval(row)).isEqualTo("{\"r\":{\"a\":1,\"b\":null},\"xs\":[1.5,2.0],\"m\":{\"k\":3},\"bin\":\"AQID\"}");
    }

    @Test
    void computedKeysAreAllowedButNotNull() {
        assertThat(eval("JSON_OBJECT(name VALUE id)")).isEqualTo("{\"Alice\":7}");
        assertThatThrownBy(() -> evalNulls("JSON_OBJECT(name VALUE id)")).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("key is NULL");
        assertThatThrownBy(() -> eval("JSON_OBJECT(NULL VALUE id)")).isInstanceOf(PlanException.class);
        assertThatThrownBy(() -> eval("JSON_OBJECT(id VALUE id)")).isInstanceOf(PlanException.class)
                .hasMessageContaining("Cannot apply 'JSON_OBJECT'");
    }

    @Test
    void nonFiniteDoublesAreQuotedSoTheOutputStaysJson() throws Exception {
        String json = (String) eval("JSON_OBJECT('x' VALUE score / 0, 'y' VALUE SQRT(-1))");
        assertThat(MAPPER.readTree(json).get("x").asText()).isEqualTo("Infinity");
        assertThat(MAPPER.readTree(json).get("y").asText()).isEqualTo("NaN");
    }

    @Test
    void theSameExpressionEncodesManyRowsIndependently() {
        CompiledExpression json = Rows.COMPILER.compile("JSON_OBJECT('id' VALUE id, 'name' VALUE name)", Rows.INPUT);
        for (int i = 0; i < 100; i++) {
            Row row = Rows.sample();
            row.setField(0, i);
            row.setField(2, "n".repeat(i % 7));
            assertThat(json.eval(row)).isEqualTo("{\"id\":" + i + ",\"name\":\"" + "n".repeat(i % 7) + "\"}");
        }
    }
}
