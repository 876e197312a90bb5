/**
 * Runs Weir connectors in-process, without an engine, so connector authors can test them through
 * the SPI alone.
 *
 * <ul>
 *   <li>{@link dev.weir.testing.TestTable} declares a table and creates its source or sink through
 *       factory discovery, as an engine does.</li>
 *   <li>{@link dev.weir.testing.SourceDriver} runs a source: an enumerator on its own thread, N
 *       non-blocking readers, checkpoints and restores through the source's serializers.</li>
 *   <li>{@link dev.weir.testing.SinkDriver} runs a sink: N writers and, for two-phase-commit sinks, a
 *       committer; checkpoints, commits, simulated crashes and restores.</li>
 * </ul>
 *
 * <p>The drivers enforce the threading and availability contracts of the SPI, so a connector that
 * passes here does not stall or race on a real engine for those reasons.
 */
package dev.weir.testing;
