package dev.weir.connectors.filesystem;

/**
 * A closed, synced, still hidden part file and the visible name committing gives it.
 *
 * @param inProgressPath absolute, e.g. ".../dt=2024-01-01/.part-<uuid>-0-3.inprogress"
 * @param committedPath absolute, e.g. ".../dt=2024-01-01/part-<uuid>-0-3.csv"
 */
record FileCommittable(String inProgressPath, String committedPath) {
}
