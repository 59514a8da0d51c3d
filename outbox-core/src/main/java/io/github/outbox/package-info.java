/**
 * Record events inside the caller's transaction: {@link io.github.outbox.Outbox} writes
 * them to the outbox table, and the relay publishes them to Kafka after the commit.
 */
@NullMarked
package io.github.outbox;

import org.jspecify.annotations.NullMarked;
