package io.github.outbox.sample.signup;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/signups/confirmation-requests}: the address that wants a
 * new confirmation link.
 */
record ConfirmationLinkRequest(@NotBlank @Email @Size(max = 254) String email) {
}
