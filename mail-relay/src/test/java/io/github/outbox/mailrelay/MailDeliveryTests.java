package io.github.outbox.mailrelay;

import jakarta.mail.util.StreamProvider;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MailDeliveryTests {

	@Test
	void namesAngusStreamProviderSoThatJakartaMailSkipsItsServiceLoaderSearch() throws Exception {
		// initializing the class names the provider
		Class.forName(MailDelivery.class.getName(), true, getClass().getClassLoader());
		assertThat(MailDelivery.STREAM_PROVIDER).isEqualTo(StreamProvider.class.getName());
		assertThat(System.getProperty(MailDelivery.STREAM_PROVIDER)).isEqualTo(MailStreamProvider.class.getName());
		assertThat(StreamProvider.provider()).isInstanceOf(MailStreamProvider.class);
	}

}
