package io.github.outbox.sample.order;

import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/orders}: who orders, how many of which products, and
 * optionally a phone number in E.164 form. Prices and titles come from the catalog, never
 * from the client.
 */
record OrderRequest(@NotNull UUID userId,
		@Nullable @Pattern(regexp = "^\\+[1-9][0-9]{6,14}$",
				message = "must be a phone number in E.164 form, such as +447700900123") String phone,
		@NotNull @Size(min = 1, max = 50) List<@NotNull @Valid Line> lines) {

	/** One sku per line: a second line of the same sku is refused, not added up. */
	@AssertTrue(message = "must not name a sku twice")
	boolean isEachSkuOnce() {
		if (this.lines == null) {
			return true;
		}
		HashSet<String> seen = new HashSet<>();
		return this.lines.stream().allMatch((line) -> line == null || seen.add(line.sku()));
	}

	/**
	 * A sku is ASCII letters, digits and hyphens, as in the catalog: anything else would
	 * only be echoed back in the refusal.
	 */
	record Line(
			@NotBlank @Size(max = 40) @Pattern(regexp = "[A-Za-z0-9-]*",
					message = "must be ASCII letters, digits and hyphens, as in the catalog") String sku,
			@Min(1) @Max(100) int quantity) {
	}

}
