package io.orderflow.bench.jmh;

import io.orderflow.bench.rivers.RapidsWorkload;
import io.orderflow.rivers.RapidsInput;
import io.orderflow.rivers.RapidsJson;
import io.orderflow.rivers.RapidsRouter;
import io.orderflow.rivers.RecordSource;
import io.orderflow.rivers.River;
import io.orderflow.rivers.RiverOutcome;
import io.orderflow.rivers.RiverRecordBytes;
import io.orderflow.rivers.RiverSpec;
import io.orderflow.rivers.Rivers;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The rivers job's work per rapids record, on the records and the 20-river spec of {@code
 * ./orderflow bench rivers}: reading a record, and reading, routing and writing its river records.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RiversBenchmark {

    private static final int RECORDS = 4096;

    private byte[][] records;
    private Rivers rivers;
    private RapidsRouter router;
    private int next;

    @Setup
    public void setUp() {
        RapidsWorkload workload = new RapidsWorkload(20, 1_000_000, 7);
        rivers = RiverSpec.parse(workload.spec(), "rivers.yaml", "rapids");
        router = new RapidsRouter(rivers, 1 << 20);
        SplittableRandom random = new SplittableRandom(7);
        records = new byte[RECORDS][];
        for (int i = 0; i < RECORDS; i++) {
            records[i] = workload.event(i, random).value();
        }
    }

    private int nextIndex() {
        next = (next + 1) & (RECORDS - 1);
        return next;
    }

    @Benchmark
    public RapidsInput decode() {
        return RapidsJson.decode(records[nextIndex()], 1 << 20);
    }

    /** The rivers job's way: {@link RapidsRouter}, which reads most records without a tree. */
    @Benchmark
    public void routeBytes(Blackhole out) {
        int i = nextIndex();
        RecordSource source = new RecordSource("rapids", 0, i, 1_795_687_200_100L);
        router.route(
                records[i],
                source,
                new RapidsRouter.Outputs() {
                    @Override
                    public void deadLetter(RapidsInput.Rejected rejected) {
                        out.consume(rejected);
                    }

                    @Override
                    public void riverRecord(River river, RecordSource from, byte[] value) {
                        out.consume(value);
                    }

                    @Override
                    public void problems(River river, String id, List<String> problems) {
                        out.consume(problems);
                    }
                });
    }

    /** Through the tree: what the job did before {@link RapidsRouter}. */
    @Benchmark
    public void decodeRouteAndWrite(Blackhole out) {
        int i = nextIndex();
        byte[] bytes = records[i];
        if (!(RapidsJson.decode(bytes, 1 << 20) instanceof RapidsInput.Event event)) {
            return;
        }
        RecordSource source = new RecordSource("rapids", 0, i, 1_795_687_200_100L);
        for (RiverOutcome outcome : rivers.routeMatching(event.record(), source)) {
            if (outcome instanceof RiverOutcome.RiverRecord record) {
                out.consume(RiverRecordBytes.of(record, bytes));
            } else {
                out.consume(outcome);
            }
        }
    }
}
