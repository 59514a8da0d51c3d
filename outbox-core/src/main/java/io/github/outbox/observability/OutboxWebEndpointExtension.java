package io.github.outbox.observability;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@code outbox} endpoint over HTTP: a refused replay answers 400 with the reason in
 * an RFC 9457 body, which Actuator's default error answer leaves out.
 */
@EndpointWebExtension(endpoint = OutboxEndpoint.class)
public class OutboxWebEndpointExtension {

	private final OutboxEndpoint endpoint;

	public OutboxWebEndpointExtension(OutboxEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	@WriteOperation
	public WebEndpointResponse<Object> replay(@Nullable String eventIds, @Nullable String from, @Nullable String to,
			@Nullable String aggregateType) {
		try {
			return new WebEndpointResponse<>(this.endpoint.replay(eventIds, from, to, aggregateType));
		}
		catch (InvalidEndpointRequestException ex) {
			Map<String, Object> problem = new LinkedHashMap<>();
			problem.put("title", "Replay refused");
			problem.put("status", WebEndpointResponse.STATUS_BAD_REQUEST);
			problem.put("detail", ex.getReason());
			return new WebEndpointResponse<>(problem, WebEndpointResponse.STATUS_BAD_REQUEST);
		}
	}

}
