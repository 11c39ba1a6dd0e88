package io.orderflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsyncProfilerTest {

    @Test
    void subtasksOfOneOperatorAndMembersOfOnePoolCountAsOneThread() {
        assertThat(AsyncProfiler.threadOf("[OrderGate (1/2)#0 tid=4711];java/lang/Thread.run;x"))
                .isEqualTo("[OrderGate]");
        assertThat(AsyncProfiler.threadOf("[OrderGate (2/2)#0 tid=4712];java/lang/Thread.run"))
                .isEqualTo("[OrderGate]");
        assertThat(AsyncProfiler.threadOf("[GC Thread#1 tid=12];G1ParTask::work"))
                .isEqualTo("[GC Thread]");
        assertThat(AsyncProfiler.threadOf("[C2 CompilerThread0 tid=9];Compile::Compile"))
                .isEqualTo("[C2 CompilerThread]");
        assertThat(AsyncProfiler.threadOf("java/lang/Thread.run;x")).isEqualTo("(no thread)");
    }
}
