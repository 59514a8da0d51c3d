package io.github.outbox;

import java.util.Map;

/**
 * Headers every event gets from the context it is published in, such as the caller's
 * trace context. An event's own headers win over contributed ones of the same name. Beans
 * of this type are picked up by the auto-configuration.
 */
@FunctionalInterface
public interface OutboxHeaderContributor {

	/** The headers to add to an event published now; empty for none. */
	Map<String, String> headers();

}
