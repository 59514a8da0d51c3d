package io.github.outbox.sample;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * JSON is read as written, never guessed at: {@code "quantity": 2.9} is not truncated to
 * 2, {@code "2"} is not a number, {@code 2} is not a string, and an object that names a
 * field twice is refused rather than the last value winning. A client that sends any of
 * them gets {@code 400}, naming the field ({@link InputProblems}). Nor does Jackson read
 * much past the largest of the features' {@link RequestBodyLimit}s.
 */
@Configuration(proxyBeanMethods = false)
public class StrictJson {

	@Bean
	JsonMapperBuilderCustomizer strictJsonReading() {
		return (builder) -> builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.withCoercionConfig(LogicalType.Integer,
					(config) -> refuse(config, CoercionInputShape.String, CoercionInputShape.Float,
							CoercionInputShape.Boolean, CoercionInputShape.EmptyString))
			.withCoercionConfig(LogicalType.Float,
					(config) -> refuse(config, CoercionInputShape.String, CoercionInputShape.Boolean,
							CoercionInputShape.EmptyString))
			.withCoercionConfig(LogicalType.Boolean,
					(config) -> refuse(config, CoercionInputShape.String, CoercionInputShape.Integer,
							CoercionInputShape.EmptyString))
			.withCoercionConfig(LogicalType.Textual, (config) -> refuse(config, CoercionInputShape.Integer,
					CoercionInputShape.Float, CoercionInputShape.Boolean));
	}

	/**
	 * Jackson's {@code maxDocumentLength} limits a body without a {@code Content-Length}
	 * ({@link RequestBodyLimit}). One mapper reads the bodies of every feature, so it
	 * takes the largest of their limits. Boot's own customizer runs first: the read
	 * constraints it set from {@code spring.jackson.factory.constraints.read.*} are kept.
	 */
	@Bean
	JsonFactoryBuilderCustomizer requestBodyLimit(ObjectProvider<RequestBodyLimit> limits) {
		return (builder) -> limits.stream().mapToLong(RequestBodyLimit::bytes).max().ifPresent((largest) -> {
			StreamReadConstraints constraints = builder.build().streamReadConstraints();
			builder.streamReadConstraints(constraints.rebuild().maxDocumentLength(largest).build());
		});
	}

	private static void refuse(tools.jackson.databind.cfg.MutableCoercionConfig config, CoercionInputShape... shapes) {
		for (CoercionInputShape shape : shapes) {
			config.setCoercion(shape, CoercionAction.Fail);
		}
	}

}
