package com.agentbounty.query.cache;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shape token in cache keys: it follows every component, nested records, type arguments and enum constants. */
class AnswerShapeTest {

    enum Status { OPEN, CLOSED }

    record Line(String title, Status status) {
    }

    record Page(List<Line> data, String cursor) {
    }

    record Node(String name, List<Node> children) {
    }

    @Test
    void theShapeNamesEveryComponentDownToNestedRecordsAndEnumConstants() {
        String page = AnswerShape.describe(Page.class, new HashSet<>());

        assertThat(page).contains("data:java.util.List<").contains("title:java.lang.String").contains("{OPEN,CLOSED}").contains("cursor:java.lang.String");
    }

    @Test
    void differentShapesGetDifferentTokensAndTheSameShapeTheSameOne() {
        assertThat(AnswerShape.of(Page.class)).isEqualTo(AnswerShape.of(Page.class)).isNotEqualTo(AnswerShape.of(Line.class));
    }

    @Test
    void aRecursiveRecordHasAShape() {
        assertThat(AnswerShape.describe(Node.class, new HashSet<>())).contains("children:java.util.List<");
    }
}
