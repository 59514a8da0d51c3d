package com.example.orders;

import java.util.UUID;

import io.github.outbox.OutboxPublished;

/** An event the outbox writes when it is published as a Spring application event. */
@OutboxPublished(aggregateType = "PurchaseOrder", aggregateId = "orderId")
record OrderAnnounced(UUID orderId, String customer) {
}
