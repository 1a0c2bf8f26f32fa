-- Axon's event store, token store and their indexes. Payloads and metadata are JSON text (Jackson),
-- readable with plain SQL: SELECT payload_type, payload::jsonb FROM domain_event_entry ORDER BY global_index;
-- Nothing is ever updated in place: rows are only inserted.

CREATE TABLE domain_event_entry (
    global_index         BIGSERIAL    PRIMARY KEY,
    event_identifier     VARCHAR(255) NOT NULL UNIQUE,
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255),
    time_stamp           VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              TEXT         NOT NULL,
    meta_data            TEXT,
    -- Two writers appending the same (aggregate, sequence) is a lost race; the loser gets a ConcurrencyException.
    CONSTRAINT domain_event_entry_aggregate_sequence UNIQUE (aggregate_identifier, sequence_number)
);

CREATE TABLE snapshot_event_entry (
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255) NOT NULL,
    event_identifier     VARCHAR(255) NOT NULL UNIQUE,
    time_stamp           VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              TEXT         NOT NULL,
    meta_data            TEXT,
    PRIMARY KEY (aggregate_identifier, sequence_number)
);

-- Where each tracking event processor (projections, the Kafka publisher, sagas) has got to.
CREATE TABLE token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA,
    token_type     VARCHAR(255),
    timestamp      VARCHAR(255),
    owner          VARCHAR(255),
    PRIMARY KEY (processor_name, segment)
);
