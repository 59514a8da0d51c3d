/**
 * What operators see of the relay: an Actuator health indicator, Micrometer metrics and
 * the {@code outbox} endpoint (inspection and replay), configured when the application
 * has Actuator or Micrometer.
 */
@NullMarked
package io.github.outbox.observability;

import org.jspecify.annotations.NullMarked;
