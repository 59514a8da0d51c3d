package io.github.outbox.mailrelay;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MailTests {

	@Test
	void keepsAnAsciiAddressAsItIs() {
		assertThat(Mail.requireBareAddress(" Ada.Lovelace+signup@Example.com "))
			.isEqualTo("Ada.Lovelace+signup@Example.com");
	}

	@Test
	void sendsAnInternationalDomainInItsAsciiForm() {
		assertThat(Mail.requireBareAddress("ada@p\u0159\u00edklad.cz")).isEqualTo("ada@xn--pklad-zsa96e.cz");
		assertThat(Mail.requireBareAddress("ada@P\u0158\u00cdKLAD.cz")).isEqualTo("ada@xn--pklad-zsa96e.cz");
	}

	@Test
	void refusesANonAsciiLocalPartWhichJakartaMailWouldWriteAsAnotherAddress() {
		// the low bytes: a carriage return, 'D' and '0'
		assertThatIllegalArgumentException().isThrownBy(() -> Mail.requireBareAddress("\u010dapek@example.cz"))
			.withMessageContaining("non-ASCII local part");
		assertThatIllegalArgumentException().isThrownBy(() -> Mail.requireBareAddress("a\uFF44a@example.com"))
			.withMessageContaining("non-ASCII local part");
		assertThatIllegalArgumentException().isThrownBy(() -> Mail.requireBareAddress("\u0430da@example.com"))
			.withMessageContaining("non-ASCII local part");
	}

	@Test
	void refusesADomainThatIdnaWouldFoldIntoAnother() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Mail.requireBareAddress("ada@\uFF45\uFF58\uFF41\uFF4D\uFF50\uFF4C\uFF45.com"))
			.withMessageContaining("IDNA would change into another one (example.com)");
	}

	@Test
	void refusesInvisibleCharactersAndNamesThemInTheMessage() {
		assertThatIllegalArgumentException().isThrownBy(() -> Mail.requireBareAddress("ada@exa\u200Bmple.com"))
			.withMessage("email 'ada@exa\\u200Bmple.com' contains the invisible character U+200B");
		assertThatIllegalArgumentException().isThrownBy(() -> Mail.requireBareAddress("ada\r\n@example.com"))
			.withMessageContaining("U+000D");
		assertThatIllegalArgumentException().isThrownBy(() -> Mail.requireBareAddress("ada@example.com\u202E"))
			.withMessageContaining("U+202E");
	}

	@Test
	void refusesListsDisplayNamesAndOverlongAddresses() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Mail.requireBareAddress("ada@example.com,eve@example.com"));
		assertThatIllegalArgumentException().isThrownBy(() -> Mail.requireBareAddress("Ada <ada@example.com>"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Mail.requireBareAddress(
					"a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63)))
			.withMessageContaining("longer than 254");
		assertThatIllegalArgumentException().isThrownBy(() -> Mail.requireBareAddress("  "))
			.withMessage("email is missing");
	}

}
