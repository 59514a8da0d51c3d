package com.example.orders;

import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.github.outbox.Outbox;

/**
 * Takes orders as an application on JPA would: repository save and event, one
 * transaction.
 */
@Service
class OrderDesk {

	private final PurchaseOrders orders;

	private final Outbox outbox;

	private final ApplicationEventPublisher events;

	OrderDesk(PurchaseOrders orders, Outbox outbox, ApplicationEventPublisher events) {
		this.orders = orders;
		this.outbox = outbox;
		this.events = events;
	}

	@Transactional
	UUID place(String customer) {
		PurchaseOrder order = this.orders.save(new PurchaseOrder(UUID.randomUUID(), customer));
		this.outbox.publish("PurchaseOrder", order.id(), new OrderPlaced(order.id(), customer));
		return order.id();
	}

	/** Fails after both writes, as a business rule checked last would. */
	@Transactional
	UUID placeAndFail(String customer) {
		place(customer);
		throw new IllegalStateException("credit limit exceeded");
	}

	/** The same order, its event published as a Spring application event. */
	@Transactional
	UUID placeAnnounced(String customer, boolean fail) {
		PurchaseOrder order = this.orders.save(new PurchaseOrder(UUID.randomUUID(), customer));
		this.events.publishEvent(new OrderAnnounced(order.id(), customer));
		if (fail) {
			throw new IllegalStateException("credit limit exceeded");
		}
		return order.id();
	}

}
