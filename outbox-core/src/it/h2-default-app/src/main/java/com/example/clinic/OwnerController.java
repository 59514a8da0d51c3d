package com.example.clinic;

import java.net.URI;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Not transactional, as many controllers are: the repository's save is the transaction,
 * and the owner's event joins it.
 */
@RestController
class OwnerController {

	private final Owners owners;

	OwnerController(Owners owners) {
		this.owners = owners;
	}

	@PostMapping("/owners")
	ResponseEntity<Map<String, Object>> register(@RequestBody Map<String, String> body) {
		Owner owner = this.owners.save(Owner.register(body.get("name")));
		return ResponseEntity.created(URI.create("/owners/" + owner.id())).body(Map.of("id", owner.id()));
	}

}
