/**
 * Publishes events again from the rows the outbox keeps, by id or by time range.
 */
@NullMarked
package io.github.outbox.replay;

import org.jspecify.annotations.NullMarked;
