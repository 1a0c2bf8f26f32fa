package com.agentbounty.query;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a projection writes, so that it can be rebuilt beside the live read model and switched in at once
 * (docs/decisions/0009-projection-rebuilds.md): every table its event handlers write, and every Redis key.
 * <p>
 * During a rebuild a second instance of the projection replays the whole event stream with its SQL resolved in a
 * schema of its own (a copy of each table named here) and its Redis keys under a prefix; the switch then moves these
 * tables and keys into place. A handler that writes a table not named here fails the rebuild (the table does not
 * exist in the rebuild's schema), so the live read model is never switched to an incomplete one. A projection
 * without this annotation cannot be rebuilt.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ReadModel {

    /** Tables the event handlers write, unqualified, as the SQL names them. */
    String[] tables();

    /** Redis keys the event handlers write, exactly; empty when the projection writes no Redis. */
    String[] redisKeys() default {};
}
