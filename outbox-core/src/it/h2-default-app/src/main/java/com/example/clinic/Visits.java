package com.example.clinic;

import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.github.outbox.Outbox;

/** Books visits and publishes through the outbox directly, the other way. */
@Service
class Visits {

	private final Owners owners;

	private final Outbox outbox;

	Visits(Owners owners, Outbox outbox) {
		this.owners = owners;
		this.outbox = outbox;
	}

	@Transactional
	UUID book(UUID ownerId) {
		Owner owner = this.owners.findById(ownerId).orElseThrow();
		return this.outbox.publish("Owner", owner.id(), new VisitBooked(owner.id(), owner.name()));
	}

	record VisitBooked(UUID ownerId, String name) {
	}

}
