package io.github.outbox.local;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local run keeps its mailbox, with every confirmation link in it, to this machine.
 */
class LocalRunTests {

	private final MockMvcTester mvc = MockMvcTester.of(new LocalMailbox());

	@Test
	void listensOnTheLoopbackInterfaceOnly() {
		assertThat(LocalSampleApplication.sampleProperties("localhost:9092")).containsEntry("server.address",
				"127.0.0.1");
	}

	@Test
	void showsTheMailboxToCallersOnThisMachineOnly() {
		LocalMailbox.use(new GreenMail(ServerSetupTest.SMTP.dynamicPort()));

		assertThat(this.mvc.get().uri("/dev/mailbox").with((request) -> {
			request.setRemoteAddr("127.0.0.1");
			return request;
		})).hasStatus(HttpStatus.OK).bodyText().startsWith("0 message(s)");
		assertThat(this.mvc.get().uri("/dev/mailbox").with((request) -> {
			request.setRemoteAddr("::1");
			return request;
		})).hasStatus(HttpStatus.OK);
		for (String remote : new String[] { "192.0.2.10", "10.0.0.5", "0.0.0.0" }) {
			assertThat(this.mvc.get().uri("/dev/mailbox").with((request) -> {
				request.setRemoteAddr(remote);
				return request;
			})).as(remote).hasStatus(HttpStatus.NOT_FOUND);
		}
	}

}
