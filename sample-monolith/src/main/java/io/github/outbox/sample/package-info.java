/**
 * The sample monolith: sign-up, account confirmation and orders on top of the outbox.
 */
@NullMarked
package io.github.outbox.sample;

import org.jspecify.annotations.NullMarked;
