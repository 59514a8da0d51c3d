/**
 * The relay: an embedded Debezium engine that reads outbox inserts from the PostgreSQL
 * WAL and publishes them to Kafka, moving its offsets only after Kafka acknowledged.
 */
@NullMarked
package io.github.outbox.relay;

import org.jspecify.annotations.NullMarked;
