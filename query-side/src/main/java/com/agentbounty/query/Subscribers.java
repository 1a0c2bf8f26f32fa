package com.agentbounty.query;

import org.axonframework.queryhandling.QueryUpdateEmitter;

import java.util.Set;

/**
 * Whether anyone subscribes to a query's updates. A projection reads back the view it would emit only for a
 * subscriber: the read costs a query per event, and a rebuild's copy of the projection, which has no subscribers and
 * sees only its own tables (docs/decisions/0009-projection-rebuilds.md), must not pay it.
 */
public final class Subscribers {

    private Subscribers() {
    }

    public static boolean watch(QueryUpdateEmitter emitter, Class<?>... queries) {
        Set<Class<?>> watched = Set.of(queries);
        return emitter.activeSubscriptions().stream().anyMatch(subscription -> watched.contains(subscription.getPayloadType()));
    }
}
