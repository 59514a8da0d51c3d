package io.github.outbox.sample.signup;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/signups}. The address must be one mail can be delivered to
 * ({@link Deliverable}). The name goes into mails and logs, so control characters, line
 * breaks and invisible format characters (zero-width, bidi controls) are refused.
 */
record SignupRequest(@NotBlank @Deliverable String email,
		@NotBlank @Size(max = 100) @Pattern(regexp = ".*[^\\p{Z}\\p{C}].*",
				message = "must contain a visible character") @Pattern(regexp = SignupRequest.VISIBLE_TEXT,
						message = "must not contain control characters, line breaks or invisible format characters "
								+ "such as zero-width spaces or bidi controls") String name) {

	/** Unicode categories Cc, Cf, Zl and Zp refused. */
	static final String VISIBLE_TEXT = "[^\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]*";

	/** The name as stored: without spaces of any kind around it. */
	String trimmedName() {
		return this.name.replaceAll("^\\p{Z}+|\\p{Z}+$", "");
	}

}
