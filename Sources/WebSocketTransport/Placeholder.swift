// Placeholder until the WebSocketTransport layer lands.
