/**
 * What operators see of the relay: an Actuator health indicator and Micrometer metrics,
 * configured when the application has Actuator or Micrometer.
 */
@NullMarked
package io.github.outbox.observability;

import org.jspecify.annotations.NullMarked;
