// Placeholder until the Compression layer lands.
