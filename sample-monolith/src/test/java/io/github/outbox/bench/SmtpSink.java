package io.github.outbox.bench;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * Postfix's {@code smtp-sink}: an SMTP server that accepts every mail and keeps none,
 * fast enough not to be what is measured; with a delay it answers each DATA that much
 * later, as a slow provider would.
 */
final class SmtpSink implements AutoCloseable {

	static final Path COMMAND = Path.of("/usr/sbin/smtp-sink");

	private final Process process;

	private SmtpSink(Process process) {
		this.process = process;
	}

	static boolean installed() {
		return Files.isExecutable(COMMAND);
	}

	/** Starts on {@code port}, answering DATA after {@code delaySeconds} (0: at once). */
	static SmtpSink start(int port, int delaySeconds) throws IOException {
		List<String> command = new ArrayList<>(List.of(COMMAND.toString(), "-u", "nobody"));
		if (delaySeconds > 0) {
			command.addAll(List.of("-w", Integer.toString(delaySeconds)));
		}
		command.addAll(List.of("127.0.0.1:" + port, "1024"));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		Awaitility.await("smtp-sink on port " + port)
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.failFast(() -> !process.isAlive())
			.ignoreExceptions()
			.until(() -> {
				try (Socket socket = new Socket("127.0.0.1", port)) {
					return true;
				}
			});
		return new SmtpSink(process);
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
	}

}
