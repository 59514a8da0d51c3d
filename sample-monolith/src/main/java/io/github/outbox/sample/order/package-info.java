/**
 * Orders: the order and its {@link io.github.outbox.sample.order.OrderPlaced} event are
 * written in one transaction, priced from the catalog.
 */
@NullMarked
package io.github.outbox.sample.order;

import org.jspecify.annotations.NullMarked;
