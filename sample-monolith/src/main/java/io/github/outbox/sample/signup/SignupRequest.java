package io.github.outbox.sample.signup;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/signups}. The name goes into mails and logs, so control
 * characters and line breaks are refused.
 */
record SignupRequest(@NotBlank @Email @Size(max = 254) String email,
		@NotBlank @Size(max = 100) @Pattern(regexp = "[^\\p{Cc}\\p{Zl}\\p{Zp}]*",
				message = "must not contain control characters or line breaks") String name) {
}
