/**
 * Sign-up: the user and its {@link io.github.outbox.sample.signup.UserRegistered} event
 * are written in one transaction; the confirmation link confirms the account.
 */
@NullMarked
package io.github.outbox.sample.signup;

import org.jspecify.annotations.NullMarked;
