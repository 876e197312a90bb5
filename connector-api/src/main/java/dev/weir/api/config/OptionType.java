package dev.weir.api.config;

/** The value types an option can have. Tools (the catalog, Python bindings) map these to their own types. */
public enum OptionType {
    STRING("a string"),
    INT("an integer, e.g. 42"),
    LONG("an integer, e.g. 42"),
    DOUBLE("a number, e.g. 0.5"),
    BOOLEAN("'true' or 'false'"),
    DURATION("a duration, e.g. '500 ms', '10 s', '5 min', '1 h'"),
    MEMORY_SIZE("a memory size, e.g. '512 kb', '64 mb', '1 gb'"),
    ENUM("one of the listed values"),
    LIST("a list of strings separated by ';'"),
    MAP("a map written as 'key1:value1,key2:value2'");

    private final String expectedForm;

    OptionType(String expectedForm) {
        this.expectedForm = expectedForm;
    }

    /** How a value of this type is written, for error messages. */
    public String expectedForm() {
        return expectedForm;
    }
}
