package com.agentbounty.infrastructure.eventstore;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadsWithoutTransactionTest {

    private final List<String> log = new ArrayList<>();
    private final TransactionManager recording = () -> {
        log.add("begin");
        return new Transaction() {
            @Override
            public void commit() {
                log.add("commit");
            }

            @Override
            public void rollback() {
                log.add("rollback");
            }
        };
    };
    private final ReadsWithoutTransaction manager = new ReadsWithoutTransaction(recording);

    @Test
    void aReadOfTheEventStoreOpensNoTransaction() {
        String read = manager.fetchInTransaction(() -> {
            log.add("select");
            return "events";
        });

        assertThat(read).isEqualTo("events");
        assertThat(log).containsExactly("select");
    }

    @Test
    void anAppendStillCommitsInATransaction() {
        manager.executeInTransaction(() -> log.add("insert"));

        assertThat(log).containsExactly("begin", "insert", "commit");
    }

    @Test
    void aFailedAppendIsRolledBack() {
        assertThatThrownBy(() -> manager.executeInTransaction(() -> {
            log.add("insert");
            throw new IllegalStateException("duplicate key");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(log).containsExactly("begin", "insert", "rollback");
    }
}
