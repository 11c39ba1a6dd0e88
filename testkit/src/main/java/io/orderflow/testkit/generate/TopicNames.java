package io.orderflow.testkit.generate;

import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.Topics;

/** The input topics the generator writes to. */
public record TopicNames(String orders, String inventory) {

    public static TopicNames defaults() {
        return new TopicNames(Topics.ORDERS.name(), Topics.INVENTORY.name());
    }

    public String of(InputKind kind) {
        return kind == InputKind.ORDERS ? orders : inventory;
    }
}
