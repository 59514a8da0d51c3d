package io.github.outbox.bench;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * GreenMail, noting when it accepted the first mail to each address: the end of a
 * sign-up's journey, on this JVM's nanoTime clock.
 */
final class TimedMailbox implements AutoCloseable {

	private final GreenMail server;

	private final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();

	TimedMailbox(int port) {
		this.server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		UserManager users = this.server.getUserManager();
		users.setMessageDeliveryHandler((message, address) -> {
			this.acceptedAt.putIfAbsent(address.getEmail(), System.nanoTime());
			GreenMailUser user = users.getUserByEmail(address.getEmail());
			return (user != null) ? user : users.createUser(address.getEmail(), address.getEmail(), "x");
		});
		this.server.start();
	}

	Map<String, Long> acceptedAt() {
		return this.acceptedAt;
	}

	/** One mail as it was received, headers and body; empty when none came. */
	Optional<byte[]> anyMail() throws Exception {
		MimeMessage[] received = this.server.getReceivedMessages();
		if (received.length == 0) {
			return Optional.empty();
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		received[0].writeTo(bytes);
		return Optional.of(bytes.toByteArray());
	}

	@Override
	public void close() {
		this.server.stop();
	}

}
