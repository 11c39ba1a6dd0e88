package io.orderflow.rivers;

import static io.orderflow.rivers.Json.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RiverPathTest {

    private static final String ORDER =
            "{'orderId': 'o-1', 'lines': [{'sku': 'a'}, {'sku': 'b'}],"
                    + " 'byIndex': {'0': 'zero'}, 'none': null, 'count': 3}";

    @Test
    void digitSegmentIndexesAList() {
        assertThat(RiverPath.parse("lines.1.sku").resolve(tree(ORDER)).textValue()).isEqualTo("b");
    }

    @Test
    void digitSegmentNamesAKeyOfAnObject() {
        assertThat(RiverPath.parse("byIndex.0").resolve(tree(ORDER)).textValue()).isEqualTo("zero");
    }

    @Test
    void anySegmentOfDigitsIndexesAList() {
        assertThat(RiverPath.parse("lines.01.sku").resolve(tree(ORDER)).textValue()).isEqualTo("b");
    }

    @Test
    void pathsThatLeadNowhereAreMissing() {
        assertThat(RiverPath.parse("lines.2.sku").resolve(tree(ORDER))).isNull();
        assertThat(RiverPath.parse("lines.first").resolve(tree(ORDER))).isNull();
        assertThat(RiverPath.parse("count.value").resolve(tree(ORDER))).isNull();
        assertThat(RiverPath.parse("none.value").resolve(tree(ORDER))).isNull();
        assertThat(RiverPath.parse("customer").resolve(tree(ORDER))).isNull();
        assertThat(RiverPath.parse("lines.99999999999999999999").resolve(tree(ORDER))).isNull();
    }

    @Test
    void aNullIsPresentNotMissing() {
        assertThat(RiverPath.parse("none").resolve(tree(ORDER)).isNull()).isTrue();
    }

    @Test
    void emptyPathsAndSegmentsAreRefused() {
        assertThatThrownBy(() -> RiverPath.parse("")).isInstanceOf(RiverSpecException.class);
        assertThatThrownBy(() -> RiverPath.parse("a..b"))
                .hasMessage("path \"a..b\" has an empty segment");
        assertThatThrownBy(() -> RiverPath.parse("a.")).isInstanceOf(RiverSpecException.class);
        assertThatThrownBy(() -> RiverPath.parse(".a")).isInstanceOf(RiverSpecException.class);
    }
}
