package com.agentbounty.infrastructure.eventstore;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;

import java.util.function.Supplier;

/**
 * The event store's transaction manager: writes (appends, snapshots) in a transaction as before, reads without one.
 * <p>
 * Axon wraps every read of the event store in a transaction ({@link #fetchInTransaction}): the producer thread that
 * feeds every tracking processor fetches new events as {@code BEGIN; SELECT; COMMIT}. Under PostgreSQL's READ
 * COMMITTED each statement sees its own snapshot whether or not a transaction surrounds it, so the transaction
 * guarantees nothing here and costs the {@code COMMIT}'s round trip, on the path from a command's commit to every
 * projection (docs/decisions/0018-projection-lag-under-load.md). A read made inside a transaction that is already
 * open (an aggregate loaded by a command handler) still runs in it: the connection bound to that transaction is the one
 * the storage engine gets.
 */
public final class ReadsWithoutTransaction implements TransactionManager {

    private final TransactionManager writes;

    public ReadsWithoutTransaction(TransactionManager writes) {
        this.writes = writes;
    }

    @Override
    public Transaction startTransaction() {
        return writes.startTransaction();
    }

    @Override
    public <T> T fetchInTransaction(Supplier<T> supplier) {
        return supplier.get();
    }
}
