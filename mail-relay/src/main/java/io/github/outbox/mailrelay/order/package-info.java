/**
 * The order confirmation mail, sent to the customer for each placed order.
 */
@NullMarked
package io.github.outbox.mailrelay.order;

import org.jspecify.annotations.NullMarked;
