package io.orderflow.rivers;

import static io.orderflow.rivers.Json.record;
import static io.orderflow.rivers.Json.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ProjectionTest {

    private static final ObjectNode REFUND =
            record(
                    "{'type': 'RefundIssued', 'orderId': 'o-1', 'amount': 12000, 'currency': 'EUR',"
                        + " 'customer': {'name': 'Ann', 'address': {'city': 'Oslo', 'zip':"
                        + " '0150'}}, 'lines': [{'sku': 'a', 'quantity': 1}], 'note': null, 'tags':"
                        + " {'0': 'zero', '1': 'one'}}");

    private static ObjectNode project(String... paths) {
        return new Projection(RiverPath.parseAll(paths)).apply(REFUND);
    }

    @Test
    void keepsTheContractsExampleWithParentObjects() {
        // section 8: customer.address.city keeps {"customer": {"address": {"city": ...}}};
        // reason is missing in this record, so it is left out.
        assertThat(project("orderId", "amount", "currency", "reason", "customer.address.city"))
                .isEqualTo(
                        tree(
                                "{'orderId': 'o-1', 'amount': 12000, 'currency': 'EUR',"
                                        + " 'customer': {'address': {'city': 'Oslo'}}}"));
    }

    @Test
    void aListOrObjectNamedIsKeptWhole() {
        assertThat(project("lines", "customer.address"))
                .isEqualTo(
                        tree(
                                "{'customer': {'address': {'city': 'Oslo', 'zip': '0150'}},"
                                        + " 'lines': [{'sku': 'a', 'quantity': 1}]}"));
    }

    @Test
    void aPathThatMeetsAListBeforeItsEndIsLeftOut() {
        assertThat(project("lines.0.sku", "orderId")).isEqualTo(tree("{'orderId': 'o-1'}"));
        assertThat(project("lines.0")).isEqualTo(tree("{}"));
    }

    @Test
    void aMissingPathIsLeftOutWithoutItsParents() {
        assertThat(project("customer.address.street", "customer.phone", "amount.value"))
                .isEqualTo(tree("{}"));
    }

    @Test
    void anObjectNamedWholeAlsoCoversPathsBelowIt() {
        assertThat(project("customer.address.city", "customer"))
                .isEqualTo(tree("{'customer': " + REFUND.get("customer") + "}"));
    }

    @Test
    void aNullIsPresentAndKept() {
        assertThat(project("note")).isEqualTo(tree("{'note': null}"));
    }

    @Test
    void digitSegmentsNameKeysOfObjects() {
        assertThat(project("tags.1")).isEqualTo(tree("{'tags': {'1': 'one'}}"));
    }

    @Test
    void keptFieldsFollowTheRecordsOrder() {
        assertThat(project("currency", "orderId").fieldNames())
                .toIterable()
                .containsExactly("orderId", "currency");
    }

    @Test
    void theRecordIsNotChanged() {
        ObjectNode before = REFUND.deepCopy();
        project("customer.address.city", "lines");
        assertThat(REFUND).isEqualTo(before);
    }
}
