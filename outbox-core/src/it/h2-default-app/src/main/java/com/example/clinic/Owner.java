package com.example.clinic;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.springframework.data.domain.AbstractAggregateRoot;

/** An aggregate that registers its event; the repository publishes it on save. */
@Entity
@Table(name = "clinic_owner")
class Owner extends AbstractAggregateRoot<Owner> {

	@Id
	private UUID id;

	@Column(nullable = false)
	private String name;

	protected Owner() {
	}

	static Owner register(String name) {
		Owner owner = new Owner();
		owner.id = UUID.randomUUID();
		owner.name = name;
		owner.registerEvent(new OwnerRegistered(owner.id, name));
		return owner;
	}

	UUID id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

}
