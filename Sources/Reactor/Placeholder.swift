// Placeholder until the Reactor layer lands.
