package com.agentbounty.sandbox.verification;

import com.agentbounty.sandbox.quickjs.QuickJsRuntime;

/** One warmed-up QuickJS runtime per test JVM: the first engine costs about a second, later ones milliseconds. */
public final class Sandboxes {

    private static QuickJsRuntime quickJs;

    private Sandboxes() {
    }

    public static synchronized QuickJsRuntime quickJs() {
        if (quickJs == null) {
            quickJs = new QuickJsRuntime();
            quickJs.warmUp();
        }
        return quickJs;
    }
}
