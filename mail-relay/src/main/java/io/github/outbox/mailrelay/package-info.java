/**
 * mail-relay: consumes outbox events from Kafka and sends each event's mail once, keyed
 * by the event id.
 */
@NullMarked
package io.github.outbox.mailrelay;

import org.jspecify.annotations.NullMarked;
