"""treaty: keep HTTP APIs honest to their OpenAPI contract."""
