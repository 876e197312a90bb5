package dev.weir.connectors.elasticsearch;

import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.table.EnvironmentSettings;
import dev.weir.engine.table.TableEnvironment;
import java.util.Map;

/** Jobs of the ITs, run through the engine as a user would. */
final class ElasticsearchJobs {

    private ElasticsearchJobs() {
    }

    /** Copies table 'from' into table 'to' and waits for the end; throws when the job fails. */
    static JobExecution copy(TableDescriptor from, TableDescriptor to) {
        return copy(from, to, Map.of());
    }

    /**
     * Copies table 'from' into table 'to', with {@code others} registered under their names too (a
     * dead-letter table that 'from' names), and waits for the end; throws when the job fails.
     */
    static JobExecution copy(TableDescriptor from, TableDescriptor to, Map<String, TableDescriptor> others) {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.createTemporaryTable("from", from);
        env.createTemporaryTable("to", to);
        others.forEach(env::createTemporaryTable);
        JobExecution job = env.from("from").executeInsert("to").getJobExecution();
        job.await();
        return job;
    }
}
