package dev.weir.connectors.elasticsearch;

/**
 * One operation of a bulk request: index a document (upsert by id, or with an id Elasticsearch
 * picks when {@code id} is null), or delete one ({@code source} is null).
 */
record BulkAction(String index, String id, byte[] source) {

    /** Bytes of the action line ({"index":{"_index":"...","_id":"..."}}) besides the index and id. */
    private static final int ACTION_LINE_OVERHEAD = 36;

    static BulkAction index(String index, String id, byte[] source) {
        return new BulkAction(index, id, source);
    }

    static BulkAction delete(String index, String id) {
        return new BulkAction(index, id, null);
    }

    boolean isDelete() {
        return source == null;
    }

    /** About what this action adds to the request body: the action line and the document, each with a newline. */
    long estimatedBytes() {
        return ACTION_LINE_OVERHEAD + index.length() + (id == null ? 0 : id.length())
                + (source == null ? 0 : source.length + 1);
    }

    /** How a failure report names the document. */
    String describe() {
        return (isDelete() ? "delete of " : "") + "document " + (id == null ? "(auto id)" : "'" + id + "'")
                + " in index '" + index + "'";
    }
}
