/**
 * Runs the sample end to end on one machine: PostgreSQL from db/, a Kafka broker and an
 * SMTP server in this JVM, mail-relay as a child process.
 */
@NullMarked
package io.github.outbox.local;

import org.jspecify.annotations.NullMarked;
