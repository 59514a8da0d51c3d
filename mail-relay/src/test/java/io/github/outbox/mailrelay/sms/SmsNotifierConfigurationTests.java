package io.github.outbox.mailrelay.sms;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import io.github.outbox.mailrelay.EventLedger;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

@ExtendWith(OutputCaptureExtension.class)
class SmsNotifierConfigurationTests {

	private final EventLedger ledger = mock(EventLedger.class);

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(Settings.class, SmsNotifierConfiguration.class)
		.withBean(EventLedger.class, () -> this.ledger)
		.withBean(JsonMapper.class, () -> JsonMapper.builder().build())
		.withBean(KafkaProperties.class, KafkaProperties::new)
		.withPropertyValues("spring.kafka.consumer.group-id=mail-relay");

	@Test
	void logsTheMessagesWhenTheApplicationDeclaresNoSender(CapturedOutput output) {
		runsTheEffect();
		this.contexts.run((context) -> {
			assertThat(context).getBean(SmsSender.class).isInstanceOf(LoggingSmsSender.class);

			context.getBean(OrderSmsListener.class).on(record("OrderPlaced", order("+447700900123")));

			assertThat(output).contains("SMS to +*********123").doesNotContain("7700900123");
		});
	}

	@Test
	void usesTheSenderTheApplicationDeclares() {
		SmsSender declared = mock(SmsSender.class);
		this.contexts.withInitializer((context) -> context.getBeanFactory().registerSingleton("sender", declared))
			.run((context) -> assertThat(context).getBean(SmsSender.class).isSameAs(declared));
	}

	@Test
	void sendsTheOrderSmsOncePerEventThroughTheLedger() {
		SmsSender sender = mock(SmsSender.class);
		runsTheEffect();
		this.contexts.withBean(SmsSender.class, () -> sender).run((context) -> {
			OrderSmsListener listener = context.getBean(OrderSmsListener.class);

			listener.on(record("OrderPlaced", order("+447700900123")));

			verify(this.ledger).once(eq("sent_sms"), any(), eq(Map.of("phone_number", "+447700900123")), any());
			verify(sender).send(any());
		});
	}

	@Test
	void ignoresOtherEventTypesAndOrdersWithoutAPhone() {
		SmsSender sender = mock(SmsSender.class);
		this.contexts.withBean(SmsSender.class, () -> sender).run((context) -> {
			OrderSmsListener listener = context.getBean(OrderSmsListener.class);

			listener.on(record("OrderCancelled", order("+447700900123")));
			listener.on(record("OrderPlaced", order(null)));

			verify(this.ledger, never()).once(any(), any(), anyMap(), any());
			verify(sender, never()).send(any());
		});
	}

	@Test
	void givesEachTopicADeadLetterTopicOfTheGroup() {
		this.contexts.withPropertyValues("mail-relay.sms.topics=orders,shop.orders").run((context) -> {
			assertThat(context).hasBean("smsDeadLetterTopics");
			assertThat(context.getBean(SmsSettings.class).deadLetterTopics()).containsExactly("orders-sms-notifier-dlt",
					"shop.orders-sms-notifier-dlt");
		});
	}

	@Test
	void isLeftOutWhenDisabled() {
		this.contexts.withPropertyValues("mail-relay.sms.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(OrderSmsListener.class);
			assertThat(context).doesNotHaveBean(SmsSender.class);
		});
	}

	@Test
	void refusesToShareTheMailGroup() {
		this.contexts.withPropertyValues("mail-relay.sms.group-id=mail-relay")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("give the SMS notifier a group of its own"));
	}

	@Test
	void textsTheShortOrderIdAndTheTotal() {
		assertThat(OrderSmsListener.text(new OrderPlaced(UUID.fromString("6c1d2a7e-93b4-4f0e-8d52-1f7a9c3e5b60"),
				"+447700900123", "EUR", new BigDecimal("28.20"))))
			.isEqualTo("Thank you for your order 6c1d2a7e (EUR 28.20). We will email you the details.");
	}

	private void runsTheEffect() {
		given(this.ledger.once(any(), any(), anyMap(), any())).willAnswer((call) -> {
			call.getArgument(3, Runnable.class).run();
			return true;
		});
	}

	private static String order(String phone) {
		return """
				{"orderId": "%s", "phone": %s, "currency": "EUR", "total": "28.20"}""".formatted(UUID.randomUUID(),
				(phone != null) ? "\"" + phone + "\"" : "null");
	}

	private static ConsumerRecord<String, byte[]> record(String eventType, String payload) {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("outbox.event.Order", 0, 0, "order-1",
				payload.getBytes(UTF_8));
		record.headers().add("event-id", UUID.randomUUID().toString().getBytes(UTF_8));
		record.headers().add("event-type", eventType.getBytes(UTF_8));
		return record;
	}

	@EnableConfigurationProperties(SmsSettings.class)
	static class Settings {

	}

}
