/**
 * The confirmation mail sent when a user registers.
 */
@NullMarked
package io.github.outbox.mailrelay.confirmation;

import org.jspecify.annotations.NullMarked;
