/**
 * Spring Boot auto-configuration of the outbox, its schema and its relay.
 */
@NullMarked
package io.github.outbox.autoconfigure;

import org.jspecify.annotations.NullMarked;
