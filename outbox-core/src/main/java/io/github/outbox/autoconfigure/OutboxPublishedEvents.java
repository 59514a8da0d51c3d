package io.github.outbox.autoconfigure;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

import io.github.outbox.Outbox;
import io.github.outbox.OutboxEvent;
import io.github.outbox.OutboxPublished;

/**
 * Writes each application event whose type is {@link OutboxPublished} to the outbox, in
 * the publisher's thread and so in its transaction. Outside a transaction the
 * {@link Outbox} throws to the publisher: the event is never dropped without a word.
 */
class OutboxPublishedEvents implements ApplicationListener<ApplicationEvent> {

	private static final SpelExpressionParser parser = new SpelExpressionParser();

	private static final EvaluationContext context = SimpleEvaluationContext.forReadOnlyDataBinding()
		.withInstanceMethods()
		.build();

	private final ObjectProvider<Outbox> outbox;

	private final Map<Class<?>, Optional<Mapping>> mappings = new ConcurrentHashMap<>();

	OutboxPublishedEvents(ObjectProvider<Outbox> outbox) {
		this.outbox = outbox;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		Object payload = (event instanceof PayloadApplicationEvent<?> carrier) ? carrier.getPayload() : event;
		this.mappings.computeIfAbsent(payload.getClass(), OutboxPublishedEvents::mapping)
			.ifPresent((mapping) -> this.outbox.getObject().publish(mapping.eventOf(payload)));
	}

	@Override
	public boolean supportsAsyncExecution() {
		// the event must join the publisher's transaction
		return false;
	}

	private static Optional<Mapping> mapping(Class<?> type) {
		OutboxPublished published = AnnotatedElementUtils.findMergedAnnotation(type, OutboxPublished.class);
		if (published == null) {
			return Optional.empty();
		}
		String eventType = published.type().isEmpty() ? type.getSimpleName() : published.type();
		return Optional.of(new Mapping(published.aggregateType(), parser.parseExpression(published.aggregateId()),
				published.aggregateId(), eventType));
	}

	private record Mapping(String aggregateType, Expression aggregateId, String source, String type) {

		OutboxEvent eventOf(Object payload) {
			Object id = this.aggregateId.getValue(context, payload);
			if (id == null) {
				throw new IllegalArgumentException("The aggregate id of " + payload.getClass().getSimpleName() + " ('"
						+ this.source + "' in its @OutboxPublished) is null");
			}
			return OutboxEvent.of(this.aggregateType, id, payload).withType(this.type);
		}

	}

}
