"""The platform context: state the platform itself keeps, starting with runtime configuration."""
