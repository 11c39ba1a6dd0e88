package io.orderflow.functions;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;

/** The one TTL policy for per-key state that would otherwise grow forever: the dedup TTL. */
public final class StateTtl {

    private StateTtl() {}

    public static StateTtlConfig of(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build();
    }
}
