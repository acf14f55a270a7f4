"""Rules and services (no Qt). Every public function that writes does so in one transaction."""
