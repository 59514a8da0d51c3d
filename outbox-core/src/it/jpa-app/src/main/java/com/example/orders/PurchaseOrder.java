package com.example.orders;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An entity of the JPA application. */
@Entity
@Table(name = "purchase_order")
class PurchaseOrder {

	@Id
	private UUID id;

	@Column(nullable = false)
	private String customer;

	protected PurchaseOrder() {
	}

	PurchaseOrder(UUID id, String customer) {
		this.id = id;
		this.customer = customer;
	}

	UUID id() {
		return this.id;
	}

}
