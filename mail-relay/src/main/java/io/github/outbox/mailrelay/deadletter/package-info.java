/**
 * The operator's {@code dead-letters} command: lists dead-lettered mail and re-drives it
 * to its original topic.
 */
@NullMarked
package io.github.outbox.mailrelay.deadletter;

import org.jspecify.annotations.NullMarked;
