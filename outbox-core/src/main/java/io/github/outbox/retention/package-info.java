/**
 * Deletes outbox rows once they are older than the retention period.
 */
@NullMarked
package io.github.outbox.retention;

import org.jspecify.annotations.NullMarked;
