package com.example.shipping;

import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.github.outbox.Outbox;

/** The application's service: a row and an event in one transaction. */
@Service
class Shipping {

	private final JdbcTemplate jdbc;

	private final Outbox outbox;

	Shipping(JdbcTemplate jdbc, Outbox outbox) {
		this.jdbc = jdbc;
		this.outbox = outbox;
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

}
