package io.github.outbox.sample.signup;

import jakarta.validation.constraints.NotBlank;

/**
 * The body of {@code POST /api/signups/confirmation-requests}: the address that wants a
 * new confirmation link.
 */
record ConfirmationLinkRequest(@NotBlank @Deliverable String email) {
}
