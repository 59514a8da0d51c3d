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
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

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
	void startsNoNotifierAndClaimsNoSmsWhenTheApplicationDeclaresNoSender(CapturedOutput output) {
		this.contexts.run((context) -> {
			assertThat(context).doesNotHaveBean(SmsSender.class);
			OrderSmsListener listener = context.getBean(OrderSmsListener.class);

			assertThat(listener.isActive()).isFalse();
			assertThatIllegalStateException()
				.isThrownBy(() -> listener.on(record("OrderPlaced", order("+447700900123"))));
			verifyNoInteractions(this.ledger);
			assertThat(output).contains("The SMS notifier does not start");
		});
	}

	@Test
	void onlyLogsTheTextsAndRecordsNoneWhenLogOnly(CapturedOutput output) {
		this.contexts.withPropertyValues("mail-relay.sms.log-only=true").run((context) -> {
			OrderSmsListener listener = context.getBean(OrderSmsListener.class);
			assertThat(listener.isActive()).isTrue();

			listener.on(record("OrderPlaced", order("+447700900123")));

			assertThat(output).contains("SMS to +*********123")
				.contains("neither sent nor recorded as sent")
				.doesNotContain("7700900123")
				.doesNotContain("Sent the SMS");
			verifyNoInteractions(this.ledger);
		});
	}

	@Test
	void usesTheSenderTheApplicationDeclaresRatherThanLogging(CapturedOutput output) {
		RecordingSmsSender declared = new RecordingSmsSender();
		runsTheEffect();
		this.contexts.withPropertyValues("mail-relay.sms.log-only=true")
			.withInitializer(declared.registration())
			.run((context) -> {
				assertThat(context).getBean(SmsSender.class).isSameAs(declared);

				context.getBean(OrderSmsListener.class).on(record("OrderPlaced", order("+447700900123")));

				assertThat(declared.sent()).hasSize(1);
				assertThat(output).doesNotContain("neither sent nor recorded").doesNotContain("SMS to +");
			});
	}

	@Test
	void textsTheOrderThroughTheLedgerWithTheMaskedNumberInTheLog(CapturedOutput output) {
		RecordingSmsSender sender = new RecordingSmsSender();
		runsTheEffect();
		this.contexts.withInitializer(sender.registration()).run((context) -> {
			OrderSmsListener listener = context.getBean(OrderSmsListener.class);
			ConsumerRecord<String, byte[]> record = record("OrderPlaced", order("+44 7700 900123"));

			listener.on(record);

			assertThat(sender.sent()).singleElement().satisfies((message) -> {
				assertThat(message.phoneNumber()).isEqualTo("+447700900123");
				assertThat(message.reference().toString())
					.isEqualTo(new String(record.headers().lastHeader("event-id").value(), UTF_8));
				assertThat(message.text()).startsWith("Thank you for your order ")
					.endsWith("(EUR 28.20). We will email you the details.");
			});
			assertThat(output).contains("to +*********123").doesNotContain("7700900123");
		});
	}

	@Test
	void sendsNothingWhenTheLedgerHoldsTheEvent() {
		RecordingSmsSender sender = new RecordingSmsSender();
		given(this.ledger.once(any(), any(), anyMap(), any())).willReturn(false);
		this.contexts.withInitializer(sender.registration()).run((context) -> {
			context.getBean(OrderSmsListener.class).on(record("OrderPlaced", order("+447700900123")));

			assertThat(sender.sent()).isEmpty();
		});
	}

	@Test
	void ignoresOtherEventTypesAndOrdersWithoutAPhone() {
		RecordingSmsSender sender = new RecordingSmsSender();
		this.contexts.withInitializer(sender.registration()).run((context) -> {
			OrderSmsListener listener = context.getBean(OrderSmsListener.class);

			listener.on(record("OrderCancelled", order("+447700900123")));
			listener.on(record("OrderPlaced", order(null)));

			assertThat(sender.sent()).isEmpty();
			verifyNoInteractions(this.ledger);
		});
	}

	@Test
	void givesEachTopicADeadLetterTopicOfTheGroup() {
		this.contexts.withPropertyValues("mail-relay.sms.topics=orders,shop.orders").run((context) -> {
			assertThat(context).hasBean("smsDeadLetterTopics");
			assertThat(context.getBean(SmsProperties.class).deadLetterTopics())
				.containsExactly("orders-sms-notifier-dlt", "shop.orders-sms-notifier-dlt");
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
		assertThat(OrderSmsListener.text(new OrderSmsPayload(UUID.fromString("6c1d2a7e-93b4-4f0e-8d52-1f7a9c3e5b60"),
				"+447700900123", "EUR", new BigDecimal("28.20"))))
			.isEqualTo("Thank you for your order 6c1d2a7e (EUR 28.20). We will email you the details.");
	}

	/** The ledger's contract for a new event: the effect runs, in its transaction. */
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

	@EnableConfigurationProperties(SmsProperties.class)
	static class Settings {

	}

}
