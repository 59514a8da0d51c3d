/**
 * The sample monolith: sign-up and account confirmation on top of the outbox.
 */
@NullMarked
package io.github.outbox.sample;

import org.jspecify.annotations.NullMarked;
