package io.github.outbox.mailrelay.sms;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender of {@code mail-relay.sms.log-only}, for development: it logs each message,
 * the number masked but for its last three digits, and sends nothing. The listener
 * records nothing in the ledger for it, since nothing was sent.
 */
class LoggingSmsSender implements SmsSender {

	private static final Logger log = LoggerFactory.getLogger(LoggingSmsSender.class);

	@Override
	public void send(TextMessage message) {
		log.info("SMS to {} (event {}): {}", message.maskedPhoneNumber(), message.reference(), message.text());
	}

}
