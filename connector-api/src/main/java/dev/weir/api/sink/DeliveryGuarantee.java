package dev.weir.api.sink;

/** What a sink promises, as in Flink's {@code sink.delivery-guarantee}. */
public enum DeliveryGuarantee {
    NONE("none"),
    AT_LEAST_ONCE("at-least-once"),
    EXACTLY_ONCE("exactly-once");

    private final String value;

    DeliveryGuarantee(String value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return value;
    }
}
