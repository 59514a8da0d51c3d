package com.example.shipping;

import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.github.outbox.Outbox;
import io.github.outbox.OutboxPublished;

/** The application's service: a row and an event in one transaction. */
@Service
class Shipping {

	private final JdbcTemplate jdbc;

	private final Outbox outbox;

	private final ApplicationEventPublisher events;

	Shipping(JdbcTemplate jdbc, Outbox outbox, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.outbox = outbox;
		this.events = events;
	}

	@Transactional
	UUID ship(String address, boolean refuse) {
		UUID id = UUID.randomUUID();
		this.jdbc.update("insert into shipment (id, address) values (?, ?)", id, address);
		this.outbox.publish("Shipment", id, Map.of("shipmentId", id, "address", address));
		if (refuse) {
			throw new IllegalStateException("address not served");
		}
		return id;
	}

	/** The same write, its event published as a Spring application event. */
	@Transactional
	UUID dispatch(String address, boolean refuse) {
		UUID id = UUID.randomUUID();
		this.jdbc.update("insert into shipment (id, address) values (?, ?)", id, address);
		this.events.publishEvent(new ShipmentDispatched(id, address));
		if (refuse) {
			throw new IllegalStateException("address not served");
		}
		return id;
	}

	@OutboxPublished(aggregateType = "Shipment", aggregateId = "shipmentId")
	record ShipmentDispatched(UUID shipmentId, String address) {
	}

}
