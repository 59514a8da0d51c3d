/**
 * The mails about an account's address: the confirmation sent when a user registers, the
 * one with a new link the user asked for, and the note to an account's owner that someone
 * tried to sign up with its address.
 */
@NullMarked
package io.github.outbox.mailrelay.confirmation;

import org.jspecify.annotations.NullMarked;
