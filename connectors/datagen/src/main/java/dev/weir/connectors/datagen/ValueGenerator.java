package dev.weir.connectors.datagen;

/**
 * Makes one column's value for a row. Values are a pure function of the key (the row index at the
 * top level, a derived key inside arrays, maps and rows), so a restored reader emits exactly the rows
 * it would have emitted. Instances belong to one reader and may reuse scratch buffers.
 */
@FunctionalInterface
interface ValueGenerator {
    Object generate(long key);
}
