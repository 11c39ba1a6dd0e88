package io.orderflow.verifier;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The job is not on the verifier's class path, tests included. The build's enforcer rule (pom.xml,
 * bannedDependencies io.orderflow:*) refuses the dependency itself; this shows what it protects.
 */
class IndependenceTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "io.orderflow.schemas.json.EventCodec",
                "io.orderflow.functions.OrderGate",
                "io.orderflow.jobs.options.KafkaConnection",
                "io.orderflow.local.Cli"
            })
    void noClassOfTheJobCanBeLoaded(String className) {
        assertThatThrownBy(() -> Class.forName(className))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
