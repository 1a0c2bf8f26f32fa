package com.agentbounty.gateway.security;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/**
 * Cleans text that a browser will render, on the way in. Plain-text fields (titles, names) lose any markup;
 * rich-text fields (descriptions) keep a small set of harmless tags and lose scripts, handlers and dangerous URLs.
 */
public final class TextSanitizer {

    private static final Document.OutputSettings KEEP_LAYOUT = new Document.OutputSettings().prettyPrint(false);

    private TextSanitizer() {
    }

    /** Markup removed, entities decoded, white space kept as typed: {@code "<b>R&amp;D</b>"} becomes {@code "R&D"}. */
    public static String plainText(String input) {
        if (input == null) {
            return null;
        }
        return Jsoup.parseBodyFragment(input).body().wholeText().strip();
    }

    /** Safe HTML: basic formatting and links (made nofollow) only. */
    public static String richText(String input) {
        if (input == null) {
            return null;
        }
        return Jsoup.clean(input, "", Safelist.basic(), KEEP_LAYOUT);
    }
}
