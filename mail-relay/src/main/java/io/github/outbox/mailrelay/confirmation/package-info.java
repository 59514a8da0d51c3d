/**
 * The confirmation mails: the one sent when a user registers, and the one with a new link
 * the user asked for.
 */
@NullMarked
package io.github.outbox.mailrelay.confirmation;

import org.jspecify.annotations.NullMarked;
