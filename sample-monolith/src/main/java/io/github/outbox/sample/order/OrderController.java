package io.github.outbox.sample.order;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonFormat;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/orders} places an order and answers at once; the {@link OrderPlaced}
 * event follows through the outbox. {@code GET /api/orders/{id}} shows a placed order.
 */
@RestController
@RequestMapping("/api/orders")
class OrderController {

	private final OrderPlacement placement;

	OrderController(OrderPlacement placement) {
		this.placement = placement;
	}

	@PostMapping
	ResponseEntity<PlacedResponse> place(@Valid @RequestBody OrderRequest request) {
		OrderPlaced placed = this.placement.place(request);
		return ResponseEntity.created(URI.create("/api/orders/" + placed.orderId()))
			.body(new PlacedResponse(placed.orderId(), placed.total(), placed.currency()));
	}

	@GetMapping("/{orderId}")
	OrderResponse order(@PathVariable UUID orderId) {
		Order order = this.placement.find(orderId);
		return new OrderResponse(order.id(), order.userId(), order.placedLines(), order.currency(), order.total(),
				order.placedAt());
	}

	record PlacedResponse(UUID orderId, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal total,
			String currency) {
	}

	/** A placed order; the phone number is left out, as anyone with the id may ask. */
	record OrderResponse(UUID orderId, UUID userId, List<OrderPlaced.Line> lines, String currency,
			@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal total, Instant placedAt) {
	}

}
