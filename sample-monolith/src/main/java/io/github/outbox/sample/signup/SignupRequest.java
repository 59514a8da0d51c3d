package io.github.outbox.sample.signup;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/signups}.
 */
record SignupRequest(@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(max = 100) String name) {
}
