package io.github.outbox.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A limit on requests per key (an address, a client, an account, a phone number) that
 * {@link RequestLog} holds across instances.
 *
 * @param scope what is limited, such as {@code signup-per-address}; keys of different
 * scopes never count together
 * @param maxRequests most requests one key may make within the window; 0 means no limit
 * @param window the sliding period over which max-requests counts the requests
 */
public record RequestLimit(String scope, int maxRequests, Duration window) {

	public RequestLimit {
		if (maxRequests < 0) {
			throw new IllegalArgumentException(scope + ": the most requests must not be negative, was " + maxRequests);
		}
		if (window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException(scope + ": the window must be positive, was " + window);
		}
	}

	boolean isOff() {
		return this.maxRequests == 0;
	}

	/**
	 * How long a new request must wait, given the requests of its key.
	 * @param earlier the admitted requests still within the window, oldest first
	 * @param now the time of the new request
	 * @return zero if the request may go ahead
	 */
	public Duration waitBefore(List<Instant> earlier, Instant now) {
		if (isOff() || earlier.size() < this.maxRequests) {
			return Duration.ZERO;
		}
		Instant leavesTheWindow = earlier.get(earlier.size() - this.maxRequests).plus(this.window);
		return Duration.between(now, leavesTheWindow).isNegative() ? Duration.ZERO
				: Duration.between(now, leavesTheWindow);
	}

}
