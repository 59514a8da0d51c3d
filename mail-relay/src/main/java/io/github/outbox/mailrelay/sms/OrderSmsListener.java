package io.github.outbox.mailrelay.sms;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.github.outbox.mailrelay.EventLedger;
import io.github.outbox.mailrelay.ReceivedEvent;

import org.springframework.kafka.annotation.KafkaListener;

/**
 * Consumes the order topics in a consumer group of its own, so that every
 * {@code OrderPlaced} event gets its SMS besides its mail, and texts the customer once
 * per event id ({@code sent_sms} ledger, claimed in the transaction that hands the
 * message to the {@link SmsSender}).
 * <p>
 * Events of other types on these topics are ignored, not dead-lettered: the topic belongs
 * to the aggregate, and most of its events need no SMS. An order without a phone number
 * gets none. Malformed records (no event id, a payload that is not an order) and messages
 * the sender keeps failing on go to {@code <topic>-<group-id>-dlt} through the
 * application's error handler, with the mail group's back-off.
 */
class OrderSmsListener {

	static final String EVENT_TYPE = "OrderPlaced";

	/** The ledger table, see {@code db/migration/V2__sent_sms.sql}. */
	static final String LEDGER = "sent_sms";

	private static final Logger log = LoggerFactory.getLogger(OrderSmsListener.class);

	private final EventLedger ledger;

	private final @Nullable SmsSender sender;

	private final boolean logOnly;

	private final JsonMapper json;

	private final SmsProperties settings;

	/**
	 * @param sender where the texts go; {@code null}: the listener does not start
	 * @param logOnly whether the sender only logs, so that nothing is recorded as sent
	 */
	OrderSmsListener(EventLedger ledger, @Nullable SmsSender sender, boolean logOnly, JsonMapper json,
			SmsProperties settings) {
		this.ledger = ledger;
		this.sender = sender;
		this.logOnly = logOnly;
		this.json = json;
		this.settings = settings;
	}

	/** The topics to consume, for the listener annotation. */
	public String[] getTopics() {
		return this.settings.topics().toArray(String[]::new);
	}

	/** The consumer group, for the listener annotation. */
	public String getGroupId() {
		return this.settings.groupId();
	}

	/**
	 * Whether the listener starts: only with a sender, so that no text is recorded as
	 * sent that was not handed to one.
	 */
	public boolean isActive() {
		return this.sender != null;
	}

	@KafkaListener(id = "sms-notifier", idIsGroup = false, groupId = "#{__listener.groupId}",
			topics = "#{__listener.topics}", autoStartup = "#{__listener.active}")
	void on(ConsumerRecord<String, byte[]> record) {
		SmsSender sender = this.sender;
		if (sender == null) {
			throw new IllegalStateException("No SmsSender: the SMS notifier must not consume");
		}
		ReceivedEvent event = ReceivedEvent.from(record);
		if (!EVENT_TYPE.equals(event.type())) {
			log.debug("No SMS for {}: only {} events get one", event, EVENT_TYPE);
			return;
		}
		OrderSmsPayload order = event.read(this.json, OrderSmsPayload.class);
		if (order.phone() == null) {
			log.debug("No SMS for {}: the order has no phone number", event);
			return;
		}
		TextMessage message = new TextMessage(event.id(), order.phone(), text(order));
		if (this.logOnly) {
			sender.send(message);
			log.info("Logged the SMS for {}, neither sent nor recorded as sent (mail-relay.sms.log-only)", event);
			return;
		}
		if (this.ledger.once(LEDGER, event, Map.of("phone_number", order.phone()), () -> sender.send(message))) {
			log.info("Sent the SMS for {} to {}", event, message.maskedPhoneNumber());
		}
		else {
			log.info("SMS for {} already sent, skipping it", event);
		}
	}

	static String text(OrderSmsPayload order) {
		return "Thank you for your order " + order.shortId() + " (" + order.currency() + " "
				+ order.total().toPlainString() + "). We will email you the details.";
	}

}
