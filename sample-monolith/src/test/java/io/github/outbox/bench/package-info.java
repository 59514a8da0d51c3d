/**
 * The benchmark: write-path cost, commit-to-Kafka latency against a polling peer, relay
 * catch-up, mail throughput and sign-ups while SMTP is slow or down, in one run.
 */
@NullMarked
package io.github.outbox.bench;

import org.jspecify.annotations.NullMarked;
