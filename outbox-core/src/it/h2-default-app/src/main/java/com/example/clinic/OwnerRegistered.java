package com.example.clinic;

import java.util.UUID;

import io.github.outbox.OutboxPublished;

/** Published by Spring Data on save; the outbox writes it in the save's transaction. */
@OutboxPublished(aggregateType = "Owner", aggregateId = "ownerId")
record OwnerRegistered(UUID ownerId, String name) {
}
