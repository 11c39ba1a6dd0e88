package io.orderflow.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The most heap this JVM held right after a garbage collection: what it kept alive, as opposed to
 * the peak of used heap, which is mostly garbage waiting for the next collection.
 */
final class HeapWatch {

    private final Set<String> heapPools =
            ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP)
                    .map(MemoryPoolMXBean::getName)
                    .collect(Collectors.toSet());
    private final AtomicLong maxAfterGc = new AtomicLong();
    private final AtomicLong gcMillis = new AtomicLong();

    private HeapWatch() {}

    static HeapWatch start() {
        HeapWatch watch = new HeapWatch();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(
                        (n, handback) -> {
                            if (n.getType()
                                    .equals(
                                            GarbageCollectionNotificationInfo
                                                    .GARBAGE_COLLECTION_NOTIFICATION)) {
                                watch.record(
                                        GarbageCollectionNotificationInfo.from(
                                                (CompositeData) n.getUserData()));
                            }
                        },
                        null,
                        null);
            }
        }
        return watch;
    }

    private void record(GarbageCollectionNotificationInfo info) {
        long used = 0;
        for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                MemoryUsage usage = pool.getValue();
                used += usage.getUsed();
            }
        }
        maxAfterGc.accumulateAndGet(used, Math::max);
        gcMillis.addAndGet(info.getGcInfo().getDuration());
    }

    long maxAfterGc() {
        return maxAfterGc.get();
    }

    /**
     * Time spent in collections, pauses and concurrent cycles alike, as the collectors report it.
     */
    long gcMillis() {
        return gcMillis.get();
    }
}
