/**
 * The benchmark: write-path cost, commit-to-Kafka latency against a polling peer, relay
 * catch-up, mail throughput, sign-ups while SMTP is slow or down, and the event row's
 * cost by the outbox table's layout, in one run.
 */
@NullMarked
package io.github.outbox.bench;

import org.jspecify.annotations.NullMarked;
