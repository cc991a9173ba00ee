"""antbot_client: Python bots on the AntBot Core event bus, through the runtime's TCP bridge."""
