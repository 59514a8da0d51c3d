package io.github.outbox.sample;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * JSON is read as written, never guessed at: {@code "quantity": 2.9} is not truncated to
 * 2, {@code "2"} is not a number, {@code 2} is not a string, and an object that names a
 * field twice is refused rather than the last value winning. A client that sends any of
 * them gets {@code 400}, naming the field ({@link InputProblems}).
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

	private static void refuse(tools.jackson.databind.cfg.MutableCoercionConfig config, CoercionInputShape... shapes) {
		for (CoercionInputShape shape : shapes) {
			config.setCoercion(shape, CoercionAction.Fail);
		}
	}

}
