package io.orderflow.jobs;

import java.util.Map;

/**
 * The global job parameters by which a running job shows its settings in the cluster's REST API
 * ({@code /jobs/:id/config}, {@code execution-config.user-config}): the job sets them, and the
 * start-up guard of the next job reads them there.
 */
public final class JobParameters {

    /** Names a running job's transactional id prefix. */
    public static final String TRANSACTIONAL_ID_PREFIX = "orderflow.transactional-id-prefix";

    private JobParameters() {}

    /**
     * The global job parameters of a job (order-processing, rivers) that writes with {@code
     * transactionalIdPrefix}.
     */
    public static Map<String, String> of(String transactionalIdPrefix) {
        return Map.of(TRANSACTIONAL_ID_PREFIX, transactionalIdPrefix);
    }
}
