package io.github.outbox;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an event type whose instances, published with Spring's
 * {@code ApplicationEventPublisher} (or registered on a Spring Data aggregate), are
 * written to the outbox in the publisher's transaction, as
 * {@link Outbox#publish(String, Object, Object)} writes them:
 *
 * <pre class="code">
 * &#64;OutboxPublished(aggregateType = "Order", aggregateId = "orderId")
 * record OrderPlaced(UUID orderId, String customer) {
 * }
 * </pre>
 *
 * Publishing one outside a transaction throws
 * {@link org.springframework.transaction.IllegalTransactionStateException} to the
 * publisher: the event is never dropped silently.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OutboxPublished {

	/**
	 * The aggregate type: part of the topic name ({@code outbox.event.Order}).
	 */
	String aggregateType();

	/**
	 * Where the aggregate id (the record key) is read from the event: a SpEL expression
	 * on the event, such as a property or record component name ({@code orderId}) or a
	 * path ({@code order.id}).
	 */
	String aggregateId();

	/**
	 * The event type, the {@code event-type} header; the event class's simple name when
	 * empty.
	 */
	String type() default "";

}
