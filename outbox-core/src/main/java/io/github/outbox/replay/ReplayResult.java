package io.github.outbox.replay;

import java.util.List;
import java.util.UUID;

/**
 * What a replay queued for publication.
 *
 * @param requeued events written again, which the relay publishes again
 * @param notFound ids asked for that have no row: never written, or deleted after the
 * retention period; always empty for a time range
 */
public record ReplayResult(int requeued, List<UUID> notFound) {

	public ReplayResult {
		notFound = List.copyOf(notFound);
	}

}
