package dev.weir.api.data;

/** What a row means in a changelog. Short strings match Flink's ('+I', '-U', '+U', '-D'). */
public enum RowKind {
    INSERT("+I"),
    UPDATE_BEFORE("-U"),
    UPDATE_AFTER("+U"),
    DELETE("-D");

    private final String shortString;

    RowKind(String shortString) {
        this.shortString = shortString;
    }

    public String shortString() {
        return shortString;
    }

    /** True for INSERT and UPDATE_AFTER: the row adds to the result. */
    public boolean isAccumulate() {
        return this == INSERT || this == UPDATE_AFTER;
    }

    public static RowKind fromShortString(String s) {
        for (RowKind k : values()) {
            if (k.shortString.equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("Unknown row kind '" + s + "', expected one of +I, -U, +U, -D");
    }
}
