package com.agentbounty.gateway.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextSanitizerTest {

    @Test
    void plainTextLosesMarkupButKeepsWhatWasMeant() {
        assertThat(TextSanitizer.plainText("<b>R&amp;D</b> bounty")).isEqualTo("R&D bounty");
        assertThat(TextSanitizer.plainText("Fix <script>alert(1)</script>parser")).isEqualTo("Fix parser");
        assertThat(TextSanitizer.plainText("a < b and c > d")).isEqualTo("a < b and c > d");
    }

    @Test
    void richTextKeepsFormattingAndDropsScriptsAndHandlers() {
        String cleaned = TextSanitizer.richText("<p onclick=\"steal()\">Read <b>this</b></p><script>steal()</script>"
                + "<a href=\"javascript:steal()\">x</a><img src=x onerror=steal()>");

        assertThat(cleaned).contains("<b>this</b>").doesNotContain("script").doesNotContain("onclick")
                .doesNotContain("javascript:").doesNotContain("onerror");
    }
}
