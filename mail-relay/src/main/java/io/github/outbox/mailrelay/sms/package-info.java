/**
 * The SMS notifier: a consumer group of its own that texts the customer of each placed
 * order, once per event id, through a pluggable
 * {@link io.github.outbox.mailrelay.sms.SmsSender}.
 */
@NullMarked
package io.github.outbox.mailrelay.sms;

import org.jspecify.annotations.NullMarked;
