/**
 * Sign-up: the user and its {@link io.github.outbox.sample.signup.UserRegistered} event
 * are written in one transaction; the confirmation link confirms the account, and a
 * {@link io.github.outbox.sample.signup.ConfirmationRequested} event sends a new one.
 */
@NullMarked
package io.github.outbox.sample.signup;

import org.jspecify.annotations.NullMarked;
