"""Billing quotes for IT-support work sessions under a provider's terms."""
