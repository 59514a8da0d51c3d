package com.example.clinic;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface Owners extends JpaRepository<Owner, UUID> {

}
