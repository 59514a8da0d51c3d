package com.example.orders;

import java.util.UUID;

/** The event the JPA application publishes with each order. */
record OrderPlaced(UUID orderId, String customer) {
}
